/** Byte counts as people read them in reasoning lines and tables. */

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `38 MB`, `17.1 GB`: binary multiples with the usual short names; a decimal only where it tells something. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 || (unit <= 2 && value >= 10) ? 0 : 1;
  const text = value.toFixed(digits).replace(/\.0$/, '');
  return `${text} ${units[unit]}`;
}
