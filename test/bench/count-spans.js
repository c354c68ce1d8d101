'use strict';
// Counts the Span messages of an OTLP ExportTraceServiceRequest in protobuf, walking it just deep enough
// (resource_spans(1) → scope_spans(2) → spans(2)), with no decoding, so a sink stays cheap.

function varint(buf, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    value += (b & 127) * 2 ** shift;
    if (b < 128) return [value, pos];
    shift += 7;
  }
}

/** Calls onField(field, start, end) for each length-delimited field of the message in [pos, end). */
function fields(buf, pos, end, onField) {
  while (pos < end) {
    let tag;
    [tag, pos] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    const type = tag & 7;
    if (type === 0) [, pos] = varint(buf, pos);
    else if (type === 1) pos += 8;
    else if (type === 5) pos += 4;
    else {
      let len;
      [len, pos] = varint(buf, pos);
      onField(field, pos, pos + len);
      pos += len;
    }
  }
}

/** ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.spans(2). */
function countProtobufSpans(buf) {
  let n = 0;
  fields(buf, 0, buf.length, (f, s, e) => {
    if (f !== 1) return;
    fields(buf, s, e, (f2, s2, e2) => {
      if (f2 !== 2) return;
      fields(buf, s2, e2, (f3) => {
        if (f3 === 2) n++;
      });
    });
  });
  return n;
}

module.exports = { countProtobufSpans };
