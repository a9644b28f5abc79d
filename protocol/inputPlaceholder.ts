/**
 * The placeholder a suggested inputs expression holds where no value of a type could be built
 * (`i /* replace with a T *\/`), and the check that refuses it before a run: both sides (the
 * extension's input box, the server and the CLI) read the one format written here.
 */

const marker = /\/\*\s*replace with an? ([^*]*(?:\*(?!\/)[^*]*)*)\*\//;

/** A placeholder for a value of `type`: `i`, so that the expression parses, and a comment saying what to replace. */
export function inputPlaceholder(type: string): string {
  return `i /* replace with a ${type.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim()} */`;
}

/** The type named by the first placeholder left in `expression`, or undefined when it has none. */
export function findPlaceholder(expression: string): string | undefined {
  return marker.exec(expression)?.[1]?.trim();
}

/** Why an expression that still holds a placeholder does not run, and what to replace; undefined when it holds none. */
export function placeholderProblem(expression: string): string | undefined {
  const type = findPlaceholder(expression);
  if (type === undefined) return undefined;
  return `the inputs expression still holds a placeholder: replace \`i /* replace with a ${type} */\` with a value of type ${type} (it would run as the number i)`;
}
