/**
 * @module image/source/registry/blob-stream
 * Streams a blob download through a VerifyingStream (sha256 + size checked at the end, never
 * buffered) and, when the connection breaks mid-way, resumes with `Range: bytes=<received>-`
 * (RFC 9110 §14; the OCI distribution spec lets registries answer blob GETs with 206). A registry
 * that ignores Range and answers 200 is handled too: the bytes already passed on are skipped.
 * Backpressure: the download waits whenever the consumer stops reading.
 * Limits: at most `maxResumes` resumes per blob; each resume request gets the usual retries.
 */
import type { Readable } from 'node:stream';
import { InputError } from '../../../common/errors.ts';
import { VerifyingStream } from '../../digest.ts';
import type { Descriptor } from '../../types.ts';
import { causeText, discard } from './http.ts';

export interface BlobStreamOptions {
  desc: Descriptor;
  /** Names the repository in messages (`host/repo`). */
  label: string;
  /** The first response (status 200). */
  first: Response;
  /** GETs the blob from byte `offset`; must resolve with a 2xx response or throw. */
  resume(offset: number): Promise<Response>;
  maxResumes: number;
  /** Aborted when the source closes: then a broken download is not resumed. */
  signal?: AbortSignal;
}

/** A verified stream of the blob; errors (IntegrityError, E_REGISTRY) arrive on the stream. */
export function verifiedBlobStream(o: BlobStreamOptions): Readable {
  const { desc, label } = o;
  const verifier = new VerifyingStream(desc.digest, desc.size, label);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let closed = false;
  let written = 0;
  verifier.on('close', () => {
    closed = true;
    // A consumer that stops early must not leave the download running.
    void reader?.cancel().catch(() => undefined);
  });

  const room = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        verifier.off('drain', done);
        verifier.off('close', done);
        resolve();
      };
      verifier.on('drain', done);
      verifier.on('close', done);
    });

  const broke = (err: unknown, note = ''): InputError =>
    new InputError('E_REGISTRY', `${label}: blob ${desc.digest}: download broke after ${written} of ${desc.size} bytes (${causeText(err)})${note}`, { cause: err });

  async function pump(): Promise<void> {
    let res = o.first;
    let skip = 0;
    for (let resumes = 0; ; ) {
      if (res.body === null) {
        verifier.end();
        return;
      }
      reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (closed) return;
          if (done) {
            verifier.end();
            return;
          }
          let chunk = value;
          if (skip > 0) {
            const drop = Math.min(skip, chunk.byteLength);
            skip -= drop;
            chunk = chunk.subarray(drop);
            if (chunk.byteLength === 0) continue;
          }
          written += chunk.byteLength;
          if (!verifier.write(chunk)) await room();
          if (closed) return;
        }
      } catch (err) {
        if (closed) return;
        if (o.signal?.aborted === true) throw broke(err, '; the image source was closed');
        if (resumes >= o.maxResumes || written >= desc.size) throw broke(err);
        resumes++;
        const offset = written;
        res = await o.resume(offset);
        if (res.status === 206) {
          const range = res.headers.get('content-range') ?? '';
          if (!range.startsWith(`bytes ${offset}-`)) {
            await discard(res);
            throw broke(err, `; resume answered Content-Range ${JSON.stringify(range.slice(0, 60))} for offset ${offset}`);
          }
          skip = 0;
        } else {
          skip = offset; // Range ignored: the whole blob again, drop what was already passed on
        }
      }
    }
  }

  pump().catch((err: unknown) => {
    if (!verifier.destroyed) verifier.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return verifier;
}
