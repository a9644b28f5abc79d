/** A failure the CLI reports as one line on stderr, with its exit code. */

/** 2: the command line or the named function is wrong. 1: the run could not produce a result. */
export class CliError extends Error {
  /** `usage`: the command's usage text, printed after the message (a malformed command line). */
  constructor(message: string, readonly exitCode: 1 | 2 = 2, readonly usage?: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Ends a CLI entry with `work`'s exit code: a CliError as its one line (and usage) on stderr, anything else as an internal error. */
export function exitWith(work: Promise<number>): void {
  work.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof CliError) {
        process.stderr.write(`parallelize: ${error.message}\n`);
        if (error.usage !== undefined) process.stderr.write(`\n${error.usage}\n`);
        process.exitCode = error.exitCode;
      } else {
        process.stderr.write(`parallelize: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
