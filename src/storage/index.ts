// Public surface of the storage edge.
import { MemoryStorage, type Storage } from 'botbuilder';
import { FileStorage } from './fileStorage.js';

export interface StorageConfig {
  /** 'file': the embedded store in `dataDir`; 'memory': botbuilder's MemoryStorage (tests, demos). */
  kind: 'file' | 'memory';
  dataDir?: string;
}

/** The store named by config — chosen explicitly, never guessed from NODE_ENV. */
export function createStorage(config: StorageConfig): Storage {
  switch (config.kind) {
    case 'memory':
      return new MemoryStorage();
    case 'file':
      if (!config.dataDir) throw new Error('createStorage: kind "file" needs dataDir (the data folder)');
      return new FileStorage({ dataDir: config.dataDir });
    default: {
      const kind: never = config.kind;
      throw new Error(`createStorage: unknown storage kind "${String(kind)}" (use "file" or "memory")`);
    }
  }
}

export { FileStorage, type FileStorageOptions } from './fileStorage.js';
export { SerializeTurns, conversationKey, type SerializeTurnsOptions } from './serializeTurns.js';
export { KeyedMutex } from './keyedMutex.js';
export { StorageWriteError, StorageReadError, ETagConflictError, isETagConflict } from './errors.js';
export { nodeFs, threadpoolFs, type FsLayer, type FileHandleLike } from './fsLayer.js';
