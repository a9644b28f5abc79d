/** The fault matrix: one row per fault, each a test, printed as a table when the suite ends. */
import { after, test } from 'node:test';

interface Row {
  fault: string;
  expected: string;
  observed: string;
  pass: boolean;
}

const rows: Row[] = [];

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return (flat.length > width ? `${flat.slice(0, width - 1)}…` : flat).padEnd(width);
}

after(() => {
  const widths = [34, 46, 60];
  const line = (r: Pick<Row, 'fault' | 'expected' | 'observed'>, pass: string): string =>
    `${cell(r.fault, widths[0] as number)} │ ${cell(r.expected, widths[1] as number)} │ ${cell(r.observed, widths[2] as number)} │ ${pass}`;
  const out = ['', 'fault matrix', line({ fault: 'fault', expected: 'expected', observed: 'observed' }, 'pass'), ...rows.map((r) => line(r, r.pass ? 'yes' : 'NO'))];
  out.push(`${rows.filter((r) => r.pass).length} of ${rows.length} rows pass`, '');
  process.stdout.write(`${out.join('\n')}\n`);
});

/**
 * A row: `check` does the fault for real, asserts what must hold and returns what it saw in a
 * few words. A failed assertion fails the test and shows as NO in the table.
 */
export function row(fault: string, expected: string, check: () => Promise<string>, options: { timeout?: number } = {}): void {
  void test(fault, { timeout: options.timeout ?? 120_000 }, async () => {
    try {
      const observed = await check();
      rows.push({ fault, expected, observed, pass: true });
    } catch (error) {
      rows.push({ fault, expected, observed: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error), pass: false });
      throw error;
    }
  });
}
