/**
 * @module common/errors
 * The error classes of reins. Library code throws these (or returns values) and never exits;
 * only `cli/main.ts` maps them to a process exit code, and the server maps them to HTTP statuses.
 *
 * Every message is ONE line naming the file, field or blob and what was expected.
 */

/** Stable error codes, grouped by subsystem. Add codes here; never reuse or rename one. */
export type ErrorCode =
  // usage: the command line is wrong
  | 'E_USAGE'
  | 'E_USAGE_UNKNOWN_FLAG'
  | 'E_USAGE_UNKNOWN_FORMAT'
  // input: a file, image, reference, registry answer or database is not what it must be
  | 'E_INPUT'
  | 'E_INPUT_NOT_FOUND'
  | 'E_INPUT_UNKNOWN_KIND'
  | 'E_INPUT_TRUNCATED_TAR'
  | 'E_INPUT_CORRUPT_COMPRESSION'
  | 'E_INPUT_UNSAFE_PATH'
  | 'E_INPUT_SYMLINK_LOOP'
  | 'E_INPUT_MALFORMED_JSON'
  | 'E_INPUT_PLATFORM'
  | 'E_INPUT_TOO_LARGE'
  | 'E_REGISTRY'
  | 'E_REGISTRY_AUTH'
  | 'E_REGISTRY_NOT_FOUND'
  | 'E_DAEMON'
  | 'E_DB'
  | 'E_DB_DOWNLOAD'
  | 'E_POLICY'
  // integrity: content does not match the digest that names it (tamper detection)
  | 'E_DIGEST_MISMATCH'
  // internal: a bug in reins
  | 'E_INTERNAL';

/** Exit codes of the CLI (documented in the README). 1 is a *result* (policy failed), never an error. */
export const EXIT = { ok: 0, policyFailed: 1, error: 2 } as const;

export class ReinsError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number = EXIT.error;
  /** HTTP status the server answers with. */
  readonly status: number = 400;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The command line is wrong (unknown flag, missing argument). */
export class UsageError extends ReinsError {
  constructor(message: string, code: ErrorCode = 'E_USAGE', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** An input (file, image, registry answer, database, policy) is missing or malformed. */
export class InputError extends ReinsError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Content does not match the digest that names it: tamper detection, never a warning. */
export class IntegrityError extends ReinsError {
  override readonly status = 422;
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_DIGEST_MISMATCH', message, options);
  }
}

/** A bug in reins: the CLI says so and asks for a report. */
export class InternalError extends ReinsError {
  override readonly status = 500;
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_INTERNAL', message, options);
  }
}

/** Normalises anything thrown into a ReinsError (unknown errors become InternalError). */
export function toReinsError(err: unknown): ReinsError {
  if (err instanceof ReinsError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError(message, { cause: err });
}

/** One line, at most 200 characters, no control characters: safe to put server text in a message. */
export function oneLine(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
