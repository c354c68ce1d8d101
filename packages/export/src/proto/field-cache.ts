import { EncodedStrings } from '../encoded-strings';
import { ProtoWriter } from './writer';

/**
 * Complete encoded string fields (tag, length, UTF-8 bytes) by string, so a repeated span name costs
 * one compare (the same as the span before) or one map lookup and a short copy, not a UTF-8 conversion.
 */
export class FieldCache {
  private readonly scratch = new ProtoWriter(512);
  private readonly fields = new EncodedStrings((value) => {
    const s = this.scratch;
    s.reset();
    s.tag(this.field, 2);
    s.string(value);
    return s.finish();
  });
  private lastValue: string | undefined;
  private lastEncoded: Uint8Array = new Uint8Array(0);

  constructor(private readonly field: number) {}

  write(w: ProtoWriter, value: string): void {
    // Consecutive spans mostly share a name.
    if (value === this.lastValue) {
      w.raw(this.lastEncoded);
      return;
    }
    const encoded = this.fields.get(value);
    if (encoded === undefined) {
      // A high-cardinality or long name: written in place.
      w.tag(this.field, 2);
      w.string(value);
      return;
    }
    this.lastValue = value;
    this.lastEncoded = encoded;
    w.raw(encoded);
  }
}
