/**
 * The environment user code gets in a worker: only what a computation may need to run (where
 * programs and the home and temporary directories are, the user's name, locale and time zone,
 * NODE_ENV), never the editor's whole environment with the tokens and keys it holds.
 */

/** Names passed as they are; on Windows compared without case, as Windows does. */
export const passedEnvNames: readonly string[] = [
  'PATH', 'HOME', 'USER', 'LANG', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'NODE_ENV',
  // Windows needs these to find its own system directories and the user's profile.
  'SystemRoot', 'windir', 'USERPROFILE',
];

/** Prefixes passed whole: the locale categories (LC_ALL, LC_CTYPE, …). */
export const passedEnvPrefixes: readonly string[] = ['LC_'];

/** The allow-listed part of `env`, as a fresh object (a worker's process.env is then its own copy). */
export function workerEnv(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Record<string, string> {
  const fold = platform === 'win32' ? (name: string): string => name.toUpperCase() : (name: string): string => name;
  const names = new Set(passedEnvNames.map(fold));
  const prefixes = passedEnvPrefixes.map(fold);
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const key = fold(name);
    if (names.has(key) || prefixes.some((prefix) => key.startsWith(prefix))) passed[name] = value;
  }
  return passed;
}
