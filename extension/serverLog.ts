/**
 * The log channel as the language client writes to it. vscode-languageclient formats each of the
 * server's log messages as `[Info  - 3:04:05 PM] text` and appends that line, and a
 * LogOutputChannel stamps every line again: two timestamps, and every line filed as info. This
 * channel hands such a line to the LogOutputChannel at its level with the client's prefix removed,
 * so each line carries one timestamp and its true level; other text passes through unchanged.
 */
import type * as vscode from 'vscode';

/** The levels the client writes, as a LogOutputChannel method. */
type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const prefix = /^\[(Trace|Debug|Info|Warn|Error)\s* - [^\]]*\] ?/;

/** A client-formatted line's level and text without the prefix; undefined for a line without one. */
export function parseClientLine(line: string): { level: Level; text: string } | undefined {
  const match = prefix.exec(line);
  if (!match?.[1]) return undefined;
  return { level: match[1].toLowerCase() as Level, text: line.slice(match[0].length) };
}

/** The subset of a LogOutputChannel this needs. */
type LogSink = Pick<vscode.LogOutputChannel, Level | 'name' | 'append' | 'replace' | 'clear' | 'show' | 'hide'>;

/** An OutputChannel for the language client that writes each server line once, at its level. */
export class ServerLogChannel implements vscode.OutputChannel {
  /** The level of the last prefixed line: the client appends a message's data (a stack) as a bare line after it. */
  private lastLevel: Level = 'info';

  constructor(private readonly log: LogSink) {}

  get name(): string {
    return this.log.name;
  }

  appendLine(value: string): void {
    const parsed = parseClientLine(value);
    if (parsed) this.lastLevel = parsed.level;
    this.log[parsed?.level ?? this.lastLevel](parsed?.text ?? value);
  }

  append(value: string): void {
    this.log.append(value);
  }

  replace(value: string): void {
    this.log.replace(value);
  }

  clear(): void {
    this.log.clear();
  }

  show(columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserve === 'boolean') this.log.show(columnOrPreserve);
    else this.log.show(preserveFocus);
  }

  hide(): void {
    this.log.hide();
  }

  /** Nothing to dispose: the LogOutputChannel belongs to the extension, which disposes it. */
  dispose(): void {
    // The extension's subscriptions own the log; the client never disposes a channel it was given.
  }
}
