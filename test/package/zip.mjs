// Reads a zip (a .vsix is one) from its central directory: entry names, Unix modes and contents.
// Shared by the package test and the workbench UI test; no unzip needed.
import { inflateRawSync } from 'node:zlib';

/** Every entry of the zip in `buf`: its name, its Unix mode (0 when none was recorded) and a reader of its bytes. */
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('a zip64 (a .vsix never needs one)');
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const madeOnUnix = buf.readUInt8(at + 5) === 3;
    const mode = madeOnUnix ? buf.readUInt32LE(at + 38) >>> 16 : 0;
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const read = () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: compression method ${method}`);
    };
    entries.push({ name, mode, read });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
