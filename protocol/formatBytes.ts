/**
 * Byte counts as people read them, one rule for every side (the status bar, the panels, the CLI's
 * reasoning lines), so that the same free memory never reads "23 GB" in one place and "23.0 GB" in
 * the next. Pure, for every side.
 */

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/**
 * `21.5 GB`, `4.0 GB`, `38 MB`, `9.7 MB`, `59 KB`: binary multiples with the usual short names.
 * Gigabytes and up keep one decimal (free memory moves in tenths, as the status bar shows it);
 * smaller units show one only below 10, where it tells something.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit >= 3) return `${value.toFixed(1)} ${units[unit]}`;
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit]}`;
}
