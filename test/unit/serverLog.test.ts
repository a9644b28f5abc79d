// The server's log lines reach the LogOutputChannel once stamped: the language client's own
// `[Info  - 3:04:05 PM]` prefix comes off and the line goes in at its level. The sink records
// what a LogOutputChannel would be called with (VS Code's channel itself needs an extension host).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientLine, ServerLogChannel } from '../../extension/serverLog';

/** Stands in for vscode.LogOutputChannel (the boundary that needs VS Code), recording each call. */
function recordingSink() {
  const calls: string[] = [];
  const at = (level: string) => (text: string | Error) => { calls.push(`${level}: ${String(text)}`); };
  return {
    calls,
    sink: {
      name: 'Parallelize', trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'),
      append: (text: string) => { calls.push(`append: ${text}`); }, replace: () => undefined, clear: () => undefined, show: () => undefined, hide: () => undefined,
    },
  };
}

void describe('ServerLogChannel', () => {
  void it('takes the client prefix off and keeps the level', () => {
    assert.deepEqual(parseClientLine('[Info  - 3:04:05 PM] Workspace trusted: runs are allowed.'), { level: 'info', text: 'Workspace trusted: runs are allowed.' });
    assert.deepEqual(parseClientLine('[Error - 15:04:05] Rejected a malformed run request'), { level: 'error', text: 'Rejected a malformed run request' });
    assert.equal(parseClientLine('[input 3] printed by the function'), undefined);
  });

  void it('writes each line once, at its level, with no second timestamp; a bare line follows the last level', () => {
    const { calls, sink } = recordingSink();
    const channel = new ServerLogChannel(sink);
    channel.appendLine('[Warn  - 10:00:00 AM] CodeLens refresh failed: gone');
    channel.appendLine('[Error - 10:00:01 AM] Request parallelize/run failed.');
    channel.appendLine('Error: boom\n    at x (a.ts:1:1)');
    channel.appendLine('[Info  - 10:00:02 AM] Workspace trusted: runs are allowed.');
    assert.deepEqual(calls, [
      'warn: CodeLens refresh failed: gone',
      'error: Request parallelize/run failed.',
      'error: Error: boom\n    at x (a.ts:1:1)',
      'info: Workspace trusted: runs are allowed.',
    ]);
    assert.ok(calls.every((line) => !/\d:\d\d:\d\d/.test(line)), 'a timestamp is left in a line');
    assert.equal(channel.name, 'Parallelize');
  });
});
