import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MaskingSpanProcessor, resolveMasking } from '@otelkit/masking';
import type { Rule } from '@otelkit/masking';
import {
  CATASTROPHIC_PATTERNS,
  HOSTILE,
  HOSTILE_16K,
} from '../../../test/fixtures/catastrophic-patterns';

// Each catastrophic pattern is either refused up front (what a linear-time engine cannot express) or answers at
// once, on 31 characters as on 16 KB.
const SHORT = HOSTILE;
const LONG = HOSTILE_16K;
const CORPUS = CATASTROPHIC_PATTERNS.map(([pattern, verdict]) => [pattern, verdict] as const);

/** Three places a pattern can be configured: a value rule, a span-name condition, a replace transform. */
const PLACES: Array<[string, (pattern: string) => Rule, string]> = [
  ['value', (p) => ({ keys: 'v', value: p, action: 'redact' }), 'rules[0].value'],
  [
    'where.name',
    (p) => ({ keys: 'v', action: 'redact', where: { name: `/${p}/` } }),
    'rules[0].where.name',
  ],
  [
    'replace_pattern',
    (p) => ({ transform: 'replace_pattern', key: 'v', pattern: p, replacement: 'X' }),
    'rules[0].pattern',
  ],
];

function valuesAfter(processor: SpanProcessor | undefined, value: string): unknown {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...(processor ? [processor] : []), new SimpleSpanProcessor(exporter)],
  });
  provider
    .getTracer('t')
    .startSpan(value, { attributes: { v: value } })
    .end();
  return exporter.getFinishedSpans()[0]!.attributes.v;
}

/** What each place does with a hostile value when the pattern matches it. */
function expected(place: string, verdict: boolean, value: string): string {
  if (!verdict) return value;
  if (place === 'where.name') return '[REDACTED]';
  // `(.*a){12}` matches the whole run of `a`s: the `!` stays.
  return `${place === 'value' ? '[REDACTED]' : 'X'}!`;
}

describe.each(PLACES)('a hostile pattern in %s', (place, rule, option) => {
  describe('from code', () => {
    test.each(CORPUS)('%s', (pattern, verdict) => {
      const options = { preset: 'none' as const, rules: [rule(pattern)] };
      if (verdict === 'refused') {
        expect(() => new MaskingSpanProcessor(options)).toThrow(TypeError);
        expect(() => new MaskingSpanProcessor(options)).toThrow(
          `@otelkit/masking: option ${option} is `,
        );
        return;
      }
      const processor = new MaskingSpanProcessor({ ...options, summaryAttribute: false });
      for (const value of [SHORT, LONG])
        expect(valuesAfter(processor, value)).toBe(expected(place, verdict, value));
    });
  });

  describe('from OTELKIT_MASKING_RULES', () => {
    test.each(CORPUS)('%s', (pattern, verdict) => {
      const warn = jest.fn();
      const env = {
        OTELKIT_MASKING: 'off',
        OTELKIT_MASKING_RULES: JSON.stringify({ preset: 'none', rules: [rule(pattern)] }),
      };
      const processor = resolveMasking({ preset: 'none', summaryAttribute: false }, env, warn);
      if (verdict === 'refused') {
        expect(warn).toHaveBeenCalledTimes(1);
        const line: string = warn.mock.calls[0][0];
        const where = `@otelkit/masking: OTELKIT_MASKING_RULES (inline JSON) ${option}`;
        expect(line.startsWith(`${where}: the pattern ${JSON.stringify(pattern)} `)).toBe(true);
        expect(line.endsWith('; skipping this rule')).toBe(true);
        // Tracing goes on: the rule is skipped, the value passes untouched.
        expect(valuesAfter(processor, SHORT)).toBe(SHORT);
        return;
      }
      expect(warn).not.toHaveBeenCalled();
      for (const value of [SHORT, LONG])
        expect(valuesAfter(processor, value)).toBe(expected(place, verdict, value));
    });
  });
});
