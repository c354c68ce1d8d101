// Enough for the requests one exporter keeps in flight; beyond that, memory goes back to the GC.
const MAX_SPARE = 4;

/** Output buffers handed back once their bytes were sent, for the next batch to write into. */
export class SpareBuffers {
  private readonly spare: Buffer[] = [];

  take(): Buffer | undefined {
    return this.spare.pop();
  }

  /** Keeps the whole memory behind `bytes` when it starts a buffer of its own (not a pooled slice). */
  give(bytes: Buffer): void {
    if (this.spare.length < MAX_SPARE && bytes.byteOffset === 0) {
      this.spare.push(Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength));
    }
  }
}
