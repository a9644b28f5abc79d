/**
 * Size and depth bounds of a webview message, checked before its schema: both sides of the webview
 * boundary (extension/panels/fromWebview.ts, webview/shared/host.ts) refuse a message past them
 * without visiting more of it than the bound, so a 50 MB string or a value nested 100,000 deep
 * costs no more than a message of the stated size. Pure: no DOM, no Node, no 'vscode'.
 */

/** How large and how deep a message may be. */
export interface MessageBounds {
  /** About the characters of the message as JSON (strings by length, numbers as 8, keys by length). */
  maxChars: number;
  /** Nesting of objects and arrays; the top-level message is depth 1. */
  maxDepth: number;
}

/** Messages from a panel: `ready`, `openFunction` (a path and a line) and `error` (the page caps those at maxReportedErrorChars). */
export const fromWebviewBounds: MessageBounds = { maxChars: 64 * 1024, maxDepth: 4 };

/**
 * Messages to a panel: a BenchmarkResult is tens of KB (its inputs expression at most 100,000
 * characters, at most 20 errors of each code with their stacks, delivery curves of at most 200
 * points); 8 MB leaves a wide margin and still refuses what would freeze the page's rendering.
 */
export const toWebviewBounds: MessageBounds = { maxChars: 8 * 1024 * 1024, maxDepth: 16 };

/** Longest `error` message a panel sends; longer ones are cut, so a real error is never refused. */
export const maxReportedErrorChars = 8 * 1024;

/**
 * Why `value` exceeds `bounds` ("over 64 KB", "nested deeper than 4"), or undefined when it fits.
 * Walks the value iteratively, stopping as soon as the budget is spent, so its cost is bounded by
 * `maxChars` whatever the message's size (cycles, which structured clone allows, spend it too).
 */
export function exceedsBounds(value: unknown, bounds: MessageBounds): string | undefined {
  let budget = bounds.maxChars - cost(value);
  // Only objects and arrays wait on the stack: a leaf is paid for when it is met, so a wide array
  // of strings is one pass over at most the budget's worth of elements, with nothing allocated.
  const stack: [object, number][] = isContainer(value) ? [[value, 1]] : [];
  while (stack.length > 0 && budget >= 0) {
    const [item, depth] = stack.pop()!;
    if (depth > bounds.maxDepth) return `nested deeper than ${bounds.maxDepth}`;
    const visit = (child: unknown): void => {
      budget -= cost(child);
      if (isContainer(child)) stack.push([child, depth + 1]);
    };
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length && budget >= 0; i++) visit(item[i]);
    } else {
      for (const key in item) {
        if (budget < 0) break;
        if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
        budget -= key.length + 3;
        visit((item as Record<string, unknown>)[key]);
      }
    }
  }
  return budget < 0 ? `over ${describeSize(bounds.maxChars)}` : undefined;
}

/** Objects and arrays, whose contents the walk visits (typed arrays and buffers are leaves). */
function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

/** What one value costs by itself: a string its length, a buffer its bytes, a container its brackets, anything else 8. */
function cost(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  if (Array.isArray(value)) return 2 + value.length; // a comma per element, holes included
  return isContainer(value) ? 2 : 8;
}

/** A message's `type` for a log line, cut to 40 characters, or what the value is instead. */
export function messageType(value: unknown): string {
  if (typeof value !== 'object' || value === null) return value === null ? 'null' : typeof value;
  if (Array.isArray(value)) return 'an array';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return `no type (${type === undefined ? 'missing' : typeof type})`;
  return type.length > 40 ? `${type.slice(0, 39)}…` : type;
}

function describeSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${chars / (1024 * 1024)} MB` : `${chars / 1024} KB`;
}
