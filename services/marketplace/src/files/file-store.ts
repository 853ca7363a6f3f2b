/** A file as a `FileStore` keeps it: where to find it again, and what it must hash to. */
export interface StoredFile {
  /** Opaque to callers; kept in the database (e.g. `local:sha256/<hex>`). */
  readonly location: string;
  /** SHA-256 of the bytes, lowercase hex. */
  readonly sha256: string;
}

/**
 * Where documents (contract PDFs) live. Content-addressed: the same bytes always land at the same
 * location, so storing twice is harmless and a stored file never changes under its location.
 */
export interface FileStore {
  /** Stores the bytes durably before resolving. */
  put(bytes: Uint8Array): Promise<StoredFile>;
  /**
   * The bytes at a location, or undefined when nothing is stored there (or the location belongs to
   * another store). Throws when the stored bytes no longer hash to their address: corruption is an
   * outage, never a document to hand out.
   */
  get(location: string): Promise<Uint8Array | undefined>;
}
