/**
 * The extension's side of the webview boundary: what a panel's page posts is bounded, then
 * validated with FromWebview. Pure (no 'vscode'), so that its refusals are unit-tested.
 */
import { exceedsBounds, fromWebviewBounds, messageType } from '../../protocol/messageBounds';
import { FromWebview } from '../../protocol/webview';

/** A page's message, or why it was ignored (for a log line; never longer than about 300 characters). */
export type Received = { ok: true; message: FromWebview } | { ok: false; reason: string };

/** Checks size and depth first (a refusal costs at most the bound), then the schema. */
export function parseFromWebview(raw: unknown): Received {
  const tooBig = exceedsBounds(raw, fromWebviewBounds);
  if (tooBig) return { ok: false, reason: `a message of type ${messageType(raw)} ${tooBig}` };
  const parsed = FromWebview.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, reason: `an invalid message of type ${messageType(raw)} (${issues.slice(0, 120)}): ${preview(raw)}` };
}

function preview(raw: unknown): string {
  try {
    // Within the bounds (so no cycle, and nothing deep or long): this cannot overflow the stack or take long.
    return (JSON.stringify(raw) ?? String(raw)).slice(0, 160);
  } catch {
    return typeof raw; // a BigInt, or a toJSON that throws
  }
}
