/**
 * rpmdb in rpm's own "ndb" format (`Packages.db`, SUSE since SLE 15 / openSUSE). Layout from
 * rpm's lib/backend/ndb/rpmpkg.c, all little-endian: a 32-byte header (`RpmP`, version 0,
 * generation, slot page count) then 4 KiB slot pages of 16-byte slots (`Slot`, package index,
 * block offset, block count); a slot points to a blob at `blockOffset * 16`: a 16-byte blob header
 * (`BlbS`, package index, checksum, length) followed by the header blob.
 * https://github.com/rpm-software-management/rpm/blob/rpm-4.17.0-release/lib/backend/ndb/rpmpkg.c
 */
import type { BlobRead } from './backend-sqlite.ts';

export const NDB_MAGIC = Buffer.from('RpmP', 'latin1');
const SLOT_MAGIC = 0x746f6c53; // 'Slot' read little-endian
const BLOB_MAGIC = 0x53626c42; // 'BlbS'
const PAGE = 4096;
const SLOT = 16;
const BLOCK = 16;
/** rpm refuses more slot pages than this (rpmpkg.c sanity limit); so do we. */
const MAX_SLOT_PAGES = 2048;

export function readNdbBlobs(content: Buffer): BlobRead {
  if (content.length < 32 || !content.subarray(0, 4).equals(NDB_MAGIC)) {
    return { blobs: [], errors: ['NDB: no RpmP magic'] };
  }
  const version = content.readUInt32LE(4);
  const slotPages = content.readUInt32LE(12);
  if (version !== 0) return { blobs: [], errors: [`NDB: unsupported version ${version}`] };
  if (slotPages === 0 || slotPages > MAX_SLOT_PAGES) return { blobs: [], errors: [`NDB: slot page count ${slotPages} out of range`] };
  const errors: string[] = [];
  const slotEnd = Math.min(slotPages * PAGE, content.length - (content.length % SLOT));
  if (slotEnd < slotPages * PAGE) errors.push(`NDB: slot pages end at ${slotPages * PAGE}, file has ${content.length} bytes (truncated?)`);
  const blobs: Uint8Array[] = [];
  // The header occupies the first two slots of page 0.
  for (let at = 32; at + SLOT <= slotEnd; at += SLOT) {
    if (content.readUInt32LE(at) !== SLOT_MAGIC) {
      errors.push(`NDB: bad slot magic at ${at}`);
      break;
    }
    const pkgIndex = content.readUInt32LE(at + 4);
    if (pkgIndex === 0) continue; // free slot
    const start = content.readUInt32LE(at + 8) * BLOCK;
    if (start + BLOCK > content.length) {
      errors.push(`NDB: package ${pkgIndex} blob at ${start} beyond the file`);
      continue;
    }
    if (content.readUInt32LE(start) !== BLOB_MAGIC || content.readUInt32LE(start + 4) !== pkgIndex) {
      errors.push(`NDB: package ${pkgIndex} has no blob header at ${start}`);
      continue;
    }
    const length = content.readUInt32LE(start + 12);
    if (start + BLOCK + length > content.length) {
      errors.push(`NDB: package ${pkgIndex} blob of ${length} bytes runs past the file`);
      continue;
    }
    blobs.push(content.subarray(start + BLOCK, start + BLOCK + length));
  }
  return { blobs, errors };
}
