/**
 * The environment a run host (and so the user's code in its workers) starts with: what Node and
 * ordinary programs need to run, not the editor's whole environment with its tokens and secrets.
 */

/** Variables passed through by name. */
const passed = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'NODE_ENV',
  // Windows needs these to start a process at all, and to find the user's profile.
  'SystemRoot', 'SYSTEMROOT', 'windir', 'WINDIR', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'ComSpec', 'PATHEXT',
  // Inside VS Code the engine runs on Electron's binary, which is Node only with this set.
  'ELECTRON_RUN_AS_NODE',
]);

/** Whether a variable reaches user code. */
export function passesToUserCode(name: string): boolean {
  return passed.has(name) || name.startsWith('LC_');
}

/** The allow-listed part of `env`. */
export function hostEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && passesToUserCode(name)) kept[name] = value;
  return kept;
}
