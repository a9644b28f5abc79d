/** One file of a zip. */
export interface ZipEntry {
  name: string;
  /** Unix mode bits, 0 when the zip recorded none. */
  mode: number;
  read(): Buffer;
}
/** Every entry of the zip in `buf`, from its central directory. */
export function zipEntries(buf: Buffer): ZipEntry[];
