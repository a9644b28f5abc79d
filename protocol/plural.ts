/**
 * "2 processes", "1 input", "1,606 inputs": a count and its noun, the count grouped in en-US as the
 * panels' formatCount gives it, so the CLI, the server's reasons and the panels write numbers alike.
 * Pure, for every side.
 */
export function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}
