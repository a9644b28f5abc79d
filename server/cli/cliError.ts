/** A failure the CLI reports as one line on stderr, with its exit code. */

/** 2: the command line or the named function is wrong. 1: the run could not produce a result. */
export class CliError extends Error {
  /** `usage`: the command's usage text, printed after the message (a malformed command line). */
  constructor(message: string, readonly exitCode: 1 | 2 = 2, readonly usage?: string) {
    super(message);
    this.name = 'CliError';
  }
}
