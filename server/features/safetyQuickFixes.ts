/**
 * Quick fixes for the parallel-safety diagnostics. Each diagnostic carries its fixes, computed
 * with the analysis, in `data`; this turns the ones in a code-action request into CodeActions.
 * The code-action provider (server/features/codeActions.ts) calls `safetyQuickFixes` and adds
 * its own actions beside them.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { z } from 'zod';

const Position = z.object({ line: z.number().int().nonnegative(), character: z.number().int().nonnegative() });
const TextEdit = z.object({ range: z.object({ start: Position, end: Position }), newText: z.string() });

/** What a parallel-safety diagnostic carries in `data`: its fixes, as edits to its document. */
export const SafetyDiagnosticData = z.object({
  parallelize: z.literal(1),
  fixes: z.array(z.object({ title: z.string(), edits: z.array(TextEdit) })),
});
export type SafetyDiagnosticData = z.infer<typeof SafetyDiagnosticData>;

/** The diagnostics' `source`, so other providers can tell them apart. */
export const safetySource = 'parallelize';

/** The quick fixes for the parallel-safety diagnostics in a code-action request; others are ignored. */
export function safetyQuickFixes(params: CodeActionParams): CodeAction[] {
  if (params.context.only && !params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== safetySource) continue;
    // `data` comes back from the client: check it before trusting it.
    const data = SafetyDiagnosticData.safeParse(diagnostic.data);
    if (!data.success) continue;
    data.data.fixes.forEach((fix, index) => actions.push(toAction(params.textDocument.uri, diagnostic, fix, index === 0)));
  }
  return actions;
}

function toAction(uri: string, diagnostic: Diagnostic, fix: SafetyDiagnosticData['fixes'][number], preferred: boolean): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: preferred && !fix.title.startsWith('Ignore'),
    edit: { changes: { [uri]: fix.edits } },
  };
}
