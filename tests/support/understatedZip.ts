import { constants, deflateRawSync } from "node:zlib";

/**
 * A zip whose headers lie: each entry declares `declaredSize` unpacked bytes, while its deflated data
 * unpacks to `actualBytes` of zeros. Built by hand, since zip libraries write honest headers; the data is
 * deflated in one call from a repeated buffer, so the test process never holds the unpacked bytes.
 */
export function understatedZip(entries: { name: string; actualBytes: number; declaredSize: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = deflatedZeros(entry.actualBytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // crc-32: a lie like the size
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/**
 * Deflated zeros, block by block: each block deflated on its own with a sync flush (no final bit, byte
 * aligned, no reference to earlier data), so the pieces concatenate into one valid raw deflate stream,
 * closed by an empty final block. Memory stays at one block whatever the total.
 */
function deflatedZeros(total: number): Buffer {
  const block = Buffer.alloc(Math.min(total, 16 * 1024 * 1024));
  const parts: Buffer[] = [];
  for (let written = 0; written < total; written += block.length) {
    parts.push(deflateRawSync(block.subarray(0, Math.min(block.length, total - written)), { finishFlush: constants.Z_SYNC_FLUSH }));
  }
  return Buffer.concat([...parts, Buffer.from([0x03, 0x00])]);
}
