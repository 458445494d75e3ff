// Typed storage failures. The bot turns a StorageWriteError into "your answer was not saved";
// nothing already on disk is damaged when one is thrown.

/** Why a write failed: an errno code (EROFS, EACCES, EPERM, ENOSPC, EDQUOT, EIO …) or ETAG_CONFLICT. */
export type StorageErrorCode = string;

export class StorageWriteError extends Error {
  override readonly name: string = 'StorageWriteError';
  readonly code: StorageErrorCode;
  readonly key: string;
  readonly op: 'write' | 'delete';

  constructor(key: string, code: StorageErrorCode, op: 'write' | 'delete', message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.key = key;
    this.code = code;
    this.op = op;
  }

  /** Wraps a file-system failure; keeps the errno code (EROFS, ENOSPC …). */
  static fromFs(key: string, op: 'write' | 'delete', cause: unknown): StorageWriteError {
    const code = errnoCode(cause) ?? 'EIO';
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new StorageWriteError(key, code, op, `Storage: could not ${op} "${key}" (${code}): ${detail}`, cause);
  }
}

/**
 * A write carried an eTag that no longer matches the stored item: someone else wrote first.
 * The message matches botbuilder's MemoryStorage, so code that tests the text keeps working.
 */
export class ETagConflictError extends StorageWriteError {
  override readonly name = 'ETagConflictError';
  constructor(key: string) {
    super(key, 'ETAG_CONFLICT', 'write', `Storage: error writing "${key}" due to eTag conflict.`);
  }
}

/** A stored file exists but cannot be read or is not what this store wrote (never caused by a crash). */
export class StorageReadError extends Error {
  override readonly name = 'StorageReadError';
  readonly code: StorageErrorCode;
  readonly key: string;
  constructor(key: string, code: StorageErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.key = key;
    this.code = code;
  }
}

/**
 * True for an optimistic-concurrency conflict from any botbuilder storage: ours, MemoryStorage
 * (plain Error with "eTag conflict" in the message) or Cosmos/Blob (HTTP 412).
 */
export function isETagConflict(err: unknown): boolean {
  if (err instanceof ETagConflictError) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (e.code === 'ETAG_CONFLICT' || e.code === 412 || e.statusCode === 412) return true;
  return typeof e.message === 'string' && /etag conflict/i.test(e.message);
}

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}
