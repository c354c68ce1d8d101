import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ProtoWriter as ByteWriter } from '../proto/writer';
import { SlicedEncoder } from '../sliced-encoder';
import { ascii, byte, jsonString } from './json-bytes';
import { JsonParts } from './json-parts';
import { writeSpan } from './json-span';

const REQUEST = ascii('{"resourceSpans":[');
const SCHEMA_URL = ascii(',"schemaUrl":');
const CLOSE_LIST = ascii(']}');
const COMMA = 44;
const CLOSE_BRACKET = 93;

/** Closes a ResourceSpans or ScopeSpans: its list, its schema URL, itself. */
function close(w: ByteWriter, schemaUrl: string | undefined): void {
  byte(w, CLOSE_BRACKET);
  if (schemaUrl) {
    w.raw(SCHEMA_URL);
    jsonString(w, schemaUrl);
  }
  byte(w, 125);
}

/**
 * ExportTraceServiceRequest in OTLP/JSON (hex ids, 64-bit integers as strings), written as UTF-8 straight
 * into a reused buffer. The result shares memory with the encoder until passed to `release` (or dropped).
 */
export class JsonSpanEncoder extends SlicedEncoder {
  private readonly parts = new JsonParts();

  protected *write(spans: ReadableSpan[], slice: number): Generator<void, void, void> {
    const w = this.writer;
    const groups = this.groups;
    w.reset();
    groups.assign(spans);
    w.raw(REQUEST);
    let budget = slice;
    for (let r = 0; r < groups.resources.length; r++) {
      const resource = groups.resources[r];
      if (r > 0) byte(w, COMMA);
      w.raw(this.parts.resources.get(resource));
      let firstScope = true;
      for (let g = 0; g < groups.count; g++) {
        if (groups.resourceOf[g] !== r) continue;
        if (!firstScope) byte(w, COMMA);
        firstScope = false;
        const scope = groups.scopes[g];
        const groupOf = groups.groupOf;
        w.raw(this.parts.scopes.get(scope));
        let firstSpan = true;
        for (let i = 0; i < spans.length; i++) {
          if (groupOf[i] !== g) continue;
          if (!firstSpan) byte(w, COMMA);
          firstSpan = false;
          writeSpan(w, spans[i]);
          if (--budget === 0) {
            budget = slice;
            yield;
          }
        }
        close(w, scope.schemaUrl);
      }
      close(w, resource.schemaUrl);
    }
    w.raw(CLOSE_LIST);
  }
}
