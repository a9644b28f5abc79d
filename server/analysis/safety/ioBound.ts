/**
 * I/O and waiting: a function that spends its time on files, sockets, processes or timers waits
 * rather than computes, and threads that wait add cost, not speed. Async concurrency on one
 * thread (`Promise.all`, with a limit) is the tool for it.
 */
import * as ts from 'typescript';
import { declarationOf, importedFrom, isAmbient, rootIdentifier, walkFunction, type CheckContext, type SafetyFinding } from './safetyFinding';

/** Modules whose calls do I/O or wait (the first path segment: `fs/promises` is `fs`). */
const ioModules = new Set([
  'fs', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'child_process', 'readline', 'timers',
  'node-fetch', 'undici', 'axios', 'got',
]);

/** Globals that do I/O or wait. */
const ioGlobals = new Set(['fetch', 'setTimeout', 'setInterval', 'setImmediate', 'XMLHttpRequest', 'WebSocket']);

function ioSource(context: CheckContext, callee: ts.Expression): string | undefined {
  const root = rootIdentifier(callee);
  if (!root) return undefined;
  const decl = declarationOf(context.checker, root);
  const from = importedFrom(decl);
  if (from !== undefined) return ioModules.has(from.split('/')[0]!) ? from : undefined;
  return ioGlobals.has(root.text) && isAmbient(decl) && root === callee ? 'the global scope' : undefined;
}

/** Calls and `new`s of I/O modules' functions and of waiting globals, awaited or not. */
export function checkIoBound(context: CheckContext): SafetyFinding[] {
  const { sourceFile, functionName } = context;
  const findings: SafetyFinding[] = [];
  walkFunction(context.fn, (node) => {
    if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return;
    const source = ioSource(context, node.expression);
    if (source === undefined) return;
    const callee = node.expression.getText(sourceFile);
    const awaited = ts.isAwaitExpression(node.parent) ? ' and awaits it' : '';
    findings.push({
      code: 'io-bound',
      start: node.expression.getStart(sourceFile),
      end: node.expression.end,
      severity: 'warning',
      functionName,
      message: `\`${callee}\` (from ${source === 'the global scope' ? 'the global scope' : `'${source}'`}) does I/O or waits${awaited}: the function is I/O-bound, and worker threads that wait add cost, not speed. Run the calls concurrently on one thread instead (\`Promise.all\` over the inputs, with a concurrency limit).`,
      fixes: [],
    });
  });
  return findings;
}
