/**
 * @module vuln/enrich/input
 * Reads an enrichment input given as a local path or an http(s) URL, gunzipping `.gz` content
 * (detected by its magic bytes, not the name).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../common/errors.ts';
import { download, isUrl } from '../db/download.ts';
import type { FetchOptions } from '../db/download.ts';

export async function readInput(input: string, opts: FetchOptions = {}): Promise<Buffer> {
  let data: Buffer;
  if (isUrl(input)) {
    const res = await download(input, opts);
    if (res.status !== 'ok') throw new InputError('E_DB_DOWNLOAD', `GET ${input}: unexpected 304 without a stored copy`);
    data = res.body;
  } else {
    try {
      data = readFileSync(input);
    } catch (err) {
      throw new InputError('E_INPUT_NOT_FOUND', `cannot read ${input}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data);
    } catch (err) {
      throw new InputError('E_INPUT_CORRUPT_COMPRESSION', `${input}: corrupt gzip (${(err as Error).message})`, { cause: err });
    }
  }
  return data;
}
