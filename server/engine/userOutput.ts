/**
 * What the user's code printed, as lines for the run's log (the log channel; the CLI's stderr),
 * each prefixed with the input that printed it. A run calls each input many times (warm-ups,
 * trials, every pool size) and every worker loads the module: each input's output, and the
 * module's, is shown once, from its first call, so the log reads like one run of the function.
 */
import type { PrintedOutput } from '../worker/messages';

/** One line the user's code printed. */
export interface PrintedLine {
  /** The input whose call printed it; absent for the module, the inputs expression, the initializer and timers. */
  inputIndex?: number;
  source: 'input' | 'load' | 'inputs' | 'initializer' | 'outside';
  stream: PrintedOutput['stream'];
  /** The line as printed, without its newline. */
  text: string;
  /** `[input 3] text` (`[input 3, stderr] …` from stderr): how the log and the CLI print it. */
  line: string;
}

/** Characters shown over a whole run; the workers already cut each input at 8 KB and each task at 64 KB. */
export const maxRunChars = 256 * 1024;

const labels: Record<Exclude<PrintedOutput['at'], number>, string> = {
  load: 'module load',
  inputs: 'inputs expression',
  initializer: 'initializer',
  outside: 'outside a call',
};

/** Turns the printed output of each task into lines, once per input, up to maxRunChars. */
export class UserOutputLog {
  /** Inputs (by index) and phases whose output was shown. */
  private readonly shown = new Set<number | string>();
  private chars = 0;
  private repeatsNoted = false;
  private capNoted = false;

  constructor(private readonly emit: (printed: PrintedLine) => void, private readonly note: (line: string) => void) {}

  /** Shows what one task printed; `indices` turn its items' positions into input indices. */
  add(output: readonly PrintedOutput[], indices: readonly number[]): void {
    // Keys new in this task: a call's entries may alternate between stdout and stderr, all are shown.
    const fresh = new Set<number | string>();
    for (const { at, stream, text } of output) {
      const inputIndex = typeof at === 'number' ? (indices[at] ?? at) : undefined;
      const key = inputIndex ?? at;
      if (this.shown.has(key)) {
        this.noteRepeats();
        continue;
      }
      fresh.add(key);
      this.print(inputIndex, at, stream, text);
    }
    for (const key of fresh) this.shown.add(key);
  }

  private print(inputIndex: number | undefined, at: PrintedOutput['at'], stream: PrintedOutput['stream'], text: string): void {
    const label = inputIndex === undefined ? labels[at as Exclude<PrintedOutput['at'], number>] : `input ${inputIndex}`;
    const prefix = `[${label}${stream === 'stderr' ? ', stderr' : ''}] `;
    const source = inputIndex === undefined ? (at as PrintedLine['source']) : 'input';
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    for (const line of lines) {
      if (this.chars >= maxRunChars) {
        if (!this.capNoted) this.note(`the function printed more than ${maxRunChars / 1024} KB; the rest of its output is not shown`);
        this.capNoted = true;
        return;
      }
      this.chars += line.length + 1;
      this.emit({ ...(inputIndex === undefined ? {} : { inputIndex }), source, stream, text: line, line: `${prefix}${line}` });
    }
  }

  private noteRepeats(): void {
    if (this.repeatsNoted) return;
    this.repeatsNoted = true;
    this.note('the function\'s output is shown once per input, from its first call; its later calls (trials, pool sizes) printed again');
  }
}
