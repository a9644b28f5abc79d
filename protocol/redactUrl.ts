/**
 * A Redis URL as logs, results and the run history may show it: the password masked, in the
 * URL's user part and in its query (ioredis takes `?password=` too). Pure, so the extension's
 * history uses it from here without reaching into the server or loading BullMQ.
 */

/** Query parameters that can carry a credential. */
const secretParam = /pass|secret|token|auth|key/i;

/** The URL without its password, for logs and results. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    for (const name of [...parsed.searchParams.keys()]) if (secretParam.test(name)) parsed.searchParams.set(name, '***');
    return parsed.toString().replace(/\/$/, '').replace(/%2A%2A%2A/g, '***');
  } catch {
    return 'an unparsable Redis URL';
  }
}
