/**
 * @module image/digest
 * Content digests (OCI image spec, descriptor.md "Digests"): parsing `alg:hex`, hashing buffers and
 * a pass-through stream that verifies a blob's digest and size while it is read.
 * Supported algorithms: sha256, sha512 (the two the spec registers).
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { InputError, IntegrityError } from '../common/errors.ts';

const DIGEST_RE = /^(sha256|sha512):([a-f0-9]+)$/;
const HEX_LEN = { sha256: 64, sha512: 128 } as const;

export type DigestAlgorithm = keyof typeof HEX_LEN;

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

/** Parses `sha256:<64 hex>` / `sha512:<128 hex>`; anything else is an InputError naming `what`. */
export function parseDigest(digest: string, what = 'descriptor'): ParsedDigest {
  const m = DIGEST_RE.exec(digest);
  const algorithm = m?.[1] as DigestAlgorithm | undefined;
  const hex = m?.[2];
  if (algorithm === undefined || hex === undefined || hex.length !== HEX_LEN[algorithm]) {
    throw new InputError('E_INPUT', `${what}: invalid digest ${JSON.stringify(digest.slice(0, 80))}, expected sha256:<64 hex> or sha512:<128 hex>`);
  }
  return { algorithm, hex };
}

/** `sha256:<hex>` of a buffer. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Throws IntegrityError when `data` does not match `digest` (and `size` when size >= 0). */
export function verifyBuffer(data: Buffer, digest: string, size: number, label: string): void {
  const { algorithm, hex } = parseDigest(digest, label);
  if (size >= 0 && data.length !== size) {
    throw new IntegrityError(`${label}: blob ${digest} has ${data.length} bytes, descriptor says ${size}`);
  }
  const got = createHash(algorithm).update(data).digest('hex');
  if (got !== hex) throw new IntegrityError(`${label}: blob ${digest} hashes to ${algorithm}:${got}`);
}

/**
 * A pass-through that hashes what flows through it; at the end it fails with IntegrityError when
 * the digest (or the size, when `size >= 0`) differs. Oversized input fails as soon as it overflows,
 * so a hostile blob cannot make the reader consume more than the descriptor announced.
 */
export class VerifyingStream extends Transform {
  readonly #hash: Hash | undefined;
  /** The digest computed elsewhere (image/file-hash.ts), when the bytes are hashed off-thread. */
  readonly #external: Promise<string> | undefined;
  readonly #hex: string;
  readonly #digest: string;
  readonly #size: number;
  readonly #label: string;
  #seen = 0;

  constructor(digest: string, size: number, label: string, external?: Promise<string>) {
    super();
    const parsed = parseDigest(digest, label);
    this.#external = external;
    // Awaited in _flush; a stream that fails earlier must not leave it unhandled.
    external?.catch(() => undefined);
    this.#hash = external === undefined ? createHash(parsed.algorithm) : undefined;
    this.#hex = parsed.hex;
    this.#digest = digest;
    this.#size = size;
    this.#label = label;
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#seen;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#size >= 0 && this.#seen > this.#size) {
      cb(new IntegrityError(`${this.#label}: blob ${this.#digest} is longer than the ${this.#size} bytes its descriptor says`));
      return;
    }
    this.#hash?.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    if (this.#size >= 0 && this.#seen !== this.#size) {
      cb(new IntegrityError(`${this.#label}: blob ${this.#digest} has ${this.#seen} bytes, descriptor says ${this.#size}`));
      return;
    }
    const check = (got: string): void => {
      if (got !== this.#hex) cb(new IntegrityError(`${this.#label}: blob ${this.#digest} hashes to ${this.#digest.split(':')[0]}:${got}`));
      else cb();
    };
    if (this.#hash !== undefined) check(this.#hash.digest('hex'));
    else this.#external!.then(check, (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
  }
}
