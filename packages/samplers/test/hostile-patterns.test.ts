import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace-base';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { createRuleBasedSampler, resolveSampling } from '@otelkit/samplers';
import type { SamplingRule } from '@otelkit/samplers';
import {
  CATASTROPHIC_PATTERNS,
  HOSTILE,
  HOSTILE_16K,
} from '../../../test/fixtures/catastrophic-patterns';

// Sampler rules run at every span start: each catastrophic pattern is either refused up front (what a linear-time
// engine cannot express) or answers at once, on a 31-character path as on a 16 KB one.
const SHORT = `/${HOSTILE}`;
const LONG = `/${HOSTILE_16K}`;
const CORPUS = CATASTROPHIC_PATTERNS.map(([pattern, verdict]) => [pattern, verdict] as const);

/** A matching rule drops the span; anything else is kept (default 1). */
const PLACES: Array<[string, (pattern: string) => SamplingRule, string]> = [
  ['route { regex }', (p) => ({ route: { regex: p }, drop: true }), 'rules[0].route.regex'],
  ['spanName RegExp', (p) => ({ spanName: new RegExp(p), drop: true }), 'rules[0].spanName'],
  [
    'attribute { regex }',
    (p) => ({ attributes: { 'url.path': { regex: p } }, drop: true }),
    'rules[0].attributes.url.path.regex',
  ],
];

function dropped(sampler: Sampler, path: string): boolean {
  const attributes = { 'url.path': path };
  const result = sampler.shouldSample(
    ROOT_CONTEXT,
    'a'.repeat(32),
    path,
    SpanKind.SERVER,
    attributes,
    [],
  );
  return result.decision === SamplingDecision.NOT_RECORD;
}

describe.each(PLACES)('a hostile pattern in a rule %s', (_place, rule, option) => {
  test.each(CORPUS)('from code: %s', (pattern, verdict) => {
    const build = () => createRuleBasedSampler({ rules: [rule(pattern)], default: 1 });
    if (verdict === 'refused') {
      expect(build).toThrow(TypeError);
      expect(build).toThrow(`@otelkit/samplers: option ${option} is `);
      return;
    }
    const sampler = build();
    expect(dropped(sampler, SHORT)).toBe(verdict);
    expect(dropped(sampler, LONG)).toBe(verdict);
  });
});

describe('a hostile pattern in OTELKIT_SAMPLER_ARG rules', () => {
  test.each(CORPUS)('%s', (pattern, verdict) => {
    const warnings: string[] = [];
    const rules = [
      { name: 'hostile', route: { regex: pattern }, drop: true },
      { route: '/ok', drop: true },
    ];
    const env = { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: JSON.stringify({ rules }) };
    const setup = resolveSampling(undefined, env, (m) => warnings.push(m))!;
    if (verdict === 'refused') {
      expect(warnings).toEqual([
        expect.stringMatching(
          /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG rules\[0\] \(hostile\)\.route\.regex: the pattern ".+" .+; skipping this rule$/,
        ),
      ]);
      // Tracing goes on with the other rules.
      expect(setup.description).toBe('rules (1 rules, default 100%)');
      expect(dropped(setup.sampler, SHORT)).toBe(false);
      expect(dropped(setup.sampler, '/ok')).toBe(true);
      return;
    }
    expect(warnings).toEqual([]);
    expect(dropped(setup.sampler, SHORT)).toBe(verdict);
    expect(dropped(setup.sampler, LONG)).toBe(verdict);
  });

  test('a refused pattern in a tail policy: one line, that policy skipped', () => {
    const warnings: string[] = [];
    const config = {
      tail: {
        policies: [
          {
            name: 'slow-paths',
            when: { type: 'attribute', key: 'url.path', value: { regex: '(a)\\1' } },
          },
          { name: 'errors', when: { type: 'error' } },
        ],
      },
    };
    const env = { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: JSON.stringify(config) };
    const setup = resolveSampling(undefined, env, (m) => warnings.push(m))!;
    expect(warnings).toEqual([
      expect.stringMatching(
        /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG tail\.policies\[0\] \(slow-paths\)\.when\.value\.regex: the pattern .+; skipping this policy$/,
      ),
    ]);
    expect(setup.description).toBe('rules (0 rules, default 100% + tail: 1 policies)');
  });
});
