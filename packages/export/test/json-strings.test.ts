import { SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonSpanEncoder } from '@otelkit/export';
import { CollectingProcessor } from './helpers/corpus';

/** One ended span where `text` stands in a key (the SDK drops empty keys), a value, the name, an event name and the status message. */
function spanWith(text: string): ReadableSpan {
  const processor = new CollectingProcessor();
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer(text, text);
  const span = tracer.startSpan(text, { attributes: { [`k${text}`]: text, list: [text, 'x'] } });
  span.addEvent(text, { [`e${text}`]: text });
  span.setStatus({ code: SpanStatusCode.ERROR, message: text });
  span.end();
  return processor.spans[0];
}

const CONTROL_CHARS = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('');

// Every string needs one path of the writer: plain ASCII, an escape, or UTF-8 beyond ASCII.
const STRINGS: [string, string][] = [
  ['plain ASCII', 'GET /items/:id'],
  ['empty', ''],
  ['quotes', 'say "hi"'],
  ['backslashes', 'C:\\path\\to\\file\\'],
  ['every control char', CONTROL_CHARS],
  ['tab, newline, return', 'a\tb\nc\rd'],
  ['DEL (not escaped by JSON)', 'a\u007fb'],
  ['U+2028 and U+2029', 'line\u2028para\u2029end'],
  ['latin-1', 'ünïcødé'],
  ['CJK', '日本語'],
  ['emoji (a surrogate pair)', 'rocket 🚀 launch'],
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', 'a\udc00b'],
  ['a high surrogate at the end', 'end\ud83d'],
  ['a reversed pair', '\ude80\ud83d'],
  ['escape after non-ASCII', 'é"\\\n'],
  ['non-ASCII after a long ASCII run', `${'a'.repeat(200)}ü`],
];

// Long strings take another path (a native scan and copy): the same cases behind 128 plain chars.
const LONG_STRINGS = STRINGS.map(([name, text]): [string, string] => [
  `${name}, after 128 plain chars`,
  `${'x'.repeat(128)}${text}`,
]);

describe('JSON strings are written as JSON.stringify writes them', () => {
  test.each([...STRINGS, ...LONG_STRINGS])('%s', (_name, text) => {
    const encoder = new JsonSpanEncoder();
    const bytes = encoder.encode([spanWith(text)]);
    const json = bytes.toString('utf8');
    // Valid UTF-8 all through: a lone surrogate written raw would come back as U+FFFD.
    expect(Buffer.from(json, 'utf8').equals(bytes)).toBe(true);
    expect(json).toContain(JSON.stringify(text));
    const request = JSON.parse(json);
    const scopeSpans = request.resourceSpans[0].scopeSpans[0];
    const span = scopeSpans.spans[0];
    expect(scopeSpans.scope.name).toBe(text);
    expect(scopeSpans.scope.version).toBe(text || undefined);
    expect(span.name).toBe(text);
    expect(span.attributes[0]).toEqual({ key: `k${text}`, value: { stringValue: text } });
    expect(span.attributes[1].value.arrayValue.values[0]).toEqual({ stringValue: text });
    expect(span.events[0].name).toBe(text);
    expect(span.events[0].attributes[0]).toEqual({ key: `e${text}`, value: { stringValue: text } });
    expect(span.status.message).toBe(text || undefined);
  });

  test('the same strings again, now from the key and name caches, give the same bytes', () => {
    const encoder = new JsonSpanEncoder();
    const spans = STRINGS.map(([, text]) => spanWith(text));
    const first = Buffer.from(encoder.encode(spans));
    expect(encoder.encode(spans).equals(first)).toBe(true);
    expect(new JsonSpanEncoder().encode(spans).equals(first)).toBe(true);
  });
});

describe('JSON numbers', () => {
  // Set after end, as the SDK's own setter refuses some of these.
  const valueOf = (value: unknown) => {
    const processor = new CollectingProcessor();
    const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('numbers');
    tracer.startSpan('n').end();
    const span = processor.spans[0];
    Object.assign(span.attributes, { n: value });
    const request = JSON.parse(new JsonSpanEncoder().encode([span]).toString('utf8'));
    return request.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value;
  };

  test.each([
    [0, { intValue: '0' }],
    [-0, { intValue: '0' }],
    [7, { intValue: '7' }],
    [-7, { intValue: '-7' }],
    [1234567890, { intValue: '1234567890' }],
    [2 ** 31, { intValue: '2147483648' }],
    [2 ** 53 - 1, { intValue: '9007199254740991' }],
    [2 ** 53 + 2, { intValue: '9007199254740994' }],
    [-(2 ** 60), { intValue: '-1152921504606846976' }],
    [2 ** 63 - 1024, { intValue: '9223372036854774784' }],
    [2 ** 63, { doubleValue: 9223372036854775808 }],
    [1.5, { doubleValue: 1.5 }],
    [-0.001, { doubleValue: -0.001 }],
    [1e-7, { doubleValue: 1e-7 }],
    [5e-324, { doubleValue: 5e-324 }],
    [NaN, { doubleValue: 'NaN' }],
    [Infinity, { doubleValue: 'Infinity' }],
    [-Infinity, { doubleValue: '-Infinity' }],
    [true, { boolValue: true }],
    [false, { boolValue: false }],
    [null, {}],
    [undefined, {}],
  ])('%p', (value, expected) => {
    expect(valueOf(value)).toEqual(expected);
  });

  test('bytes and nested lists', () => {
    expect(valueOf(new Uint8Array([0, 1, 255]).subarray(1))).toEqual({ bytesValue: 'Af8=' });
    expect(valueOf({ a: [1, { b: '"' }] })).toEqual({
      kvlistValue: {
        values: [
          {
            key: 'a',
            value: {
              arrayValue: {
                values: [
                  { intValue: '1' },
                  { kvlistValue: { values: [{ key: 'b', value: { stringValue: '"' } }] } },
                ],
              },
            },
          },
        ],
      },
    });
  });
});
