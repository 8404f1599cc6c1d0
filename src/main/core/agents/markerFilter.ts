/**
 * Finds one marker byte sequence in a byte stream that arrives in arbitrary chunks, removes it, and
 * passes every other byte through in order. Bytes at the end of a chunk that could be the start of the
 * marker are held back until the next chunk decides (at most marker length - 1 bytes); `flush` releases
 * them at the end of the stream.
 */
export class MarkerFilter {
  private held: Buffer = Buffer.alloc(0);
  private seen = false;

  constructor(private readonly marker: Buffer) {}

  get found(): boolean {
    return this.seen;
  }

  /** The bytes to pass on, without the marker. */
  push(chunk: Buffer): Buffer {
    if (this.seen) return chunk;
    const data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    const at = data.indexOf(this.marker);
    if (at !== -1) {
      this.seen = true;
      return Buffer.concat([data.subarray(0, at), data.subarray(at + this.marker.length)]);
    }
    const keep = this.partialMarkerAtEnd(data);
    if (keep > 0) this.held = Buffer.from(data.subarray(data.length - keep));
    return keep > 0 ? data.subarray(0, data.length - keep) : data;
  }

  /** End of stream: whatever was held back was not the marker after all. */
  flush(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }

  /** Length of the longest suffix of `data` that is a proper prefix of the marker. */
  private partialMarkerAtEnd(data: Buffer): number {
    const first = this.marker[0];
    for (let length = Math.min(this.marker.length - 1, data.length); length > 0; length--) {
      const start = data.length - length;
      if (data[start] !== first) continue;
      if (data.subarray(start).equals(this.marker.subarray(0, length))) return length;
    }
    return 0;
  }
}
