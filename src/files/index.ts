// Produced files for download: the store, the FileDelivery port, the HTTP handler.
export { FileLinkStore, DEFAULT_TTL_MS, type LinkStore, type FileScope, type StoredFile, type FileLinkStoreOptions } from './store.js';
export { LinkFileDelivery, type LinkFileDeliveryOptions } from './delivery.js';
export { serveFile, contentDisposition, rfc5987, asciiFallback, NOT_FOUND_MESSAGE, type FileResponse } from './serve.js';
export { PgFileLinkStore, type PgFileLinkStoreOptions } from './pgStore.js';
