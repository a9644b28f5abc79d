/** ANSI colour for the CLI, only when writing to a terminal. */

const codes = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

/** A colour name the CLI uses. */
export type Colour = keyof typeof codes;

/** Returns a painter that colours text when `enabled` (stdout is a TTY and NO_COLOR is unset). */
export function painter(enabled: boolean): (colour: Colour, text: string) => string {
  return (colour, text) => (enabled ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text);
}

/** Whether a stream should get colour: a TTY, and the user has not asked for none. */
export function wantsColour(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && process.env.NO_COLOR === undefined;
}
