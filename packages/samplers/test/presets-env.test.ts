import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import { resolveSampling } from '@otelkit/samplers';
import type { SamplingOption } from '@otelkit/samplers';
import { setup, under } from './helpers/tracing';

const rulesFile = join(mkdtempSync(join(tmpdir(), 'otelkit-samplers-')), 'rules.json');
writeFileSync(
  rulesFile,
  JSON.stringify({ rules: [{ route: '/health', drop: true }], default: 0.25 }),
);

function resolve(env: Record<string, string>, option?: SamplingOption) {
  const warnings: string[] = [];
  const setupResult = resolveSampling(option, env, (m) => warnings.push(m));
  return { description: setupResult?.description, warnings, setup: setupResult };
}

describe('OTELKIT_SAMPLER / OTELKIT_SAMPLER_ARG (code > env > default)', () => {
  test.each([
    // [env, description, warning (regex or undefined)]
    [{}, undefined, undefined],
    [{ OTELKIT_SAMPLER: '' }, undefined, undefined],
    [
      { OTELKIT_SAMPLER_ARG: '0.5' },
      undefined,
      /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG="0.5" is set but OTELKIT_SAMPLER is not; using the standard OTEL_TRACES_SAMPLER$/,
    ],
    [{ OTELKIT_SAMPLER: 'dev' }, 'dev (every span, regardless of parent)', undefined],
    [
      { OTELKIT_SAMPLER: 'dev', OTELKIT_SAMPLER_ARG: '1' },
      'dev (every span, regardless of parent)',
      /OTELKIT_SAMPLER_ARG="1" is not used by the dev preset/,
    ],
    [
      { OTELKIT_SAMPLER: 'balanced' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'BALANCED', OTELKIT_SAMPLER_ARG: '0.2' },
      'balanced (parent-based 20% + tail: errors, slow >= 1000ms)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'balanced', OTELKIT_SAMPLER_ARG: 'abc' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG="abc" is not a number; using 0.1$/,
    ],
    [
      // Above a documented maximum is clamped to it (core's number rule, the same in every package).
      { OTELKIT_SAMPLER: 'balanced', OTELKIT_SAMPLER_ARG: '1.5' },
      'balanced (parent-based 100% + tail: errors, slow >= 1000ms)',
      /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG="1.5" is above the maximum 1; using 1$/,
    ],
    [
      { OTELKIT_SAMPLER: 'balanced', OTELKIT_SAMPLER_ARG: 'ratio=0.05,slowMs=250' },
      'balanced (parent-based 5% + tail: errors, slow >= 250ms)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'balanced', OTELKIT_SAMPLER_ARG: 'colour=red' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /OTELKIT_SAMPLER_ARG="colour=red" names unknown entries \(colour; known: ratio, slowMs, limit, errorLimit\); using the other entries/,
    ],
    [
      { OTELKIT_SAMPLER: 'cost-saver' },
      'cost-saver (parent-based 1% capped at 10 traces/s + tail: errors up to 5/s)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'cost_saver', OTELKIT_SAMPLER_ARG: 'limit=100,errorLimit=20' },
      'cost-saver (parent-based 1% capped at 100 traces/s + tail: errors up to 20/s)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'cost-saver', OTELKIT_SAMPLER_ARG: 'limit=0' },
      'cost-saver (parent-based 1% capped at 10 traces/s + tail: errors up to 5/s)',
      /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG limit="0" is below the minimum 0.001; using 10$/,
    ],
    [
      { OTELKIT_SAMPLER: 'errors-and-slow' },
      'errors-and-slow (tail only: errors, slow >= 1000ms)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'errors-and-slow', OTELKIT_SAMPLER_ARG: '300' },
      'errors-and-slow (tail only: errors, slow >= 300ms)',
      undefined,
    ],
    [{ OTELKIT_SAMPLER: 'ratio' }, 'ratio (parent-based consistent 100%)', undefined],
    [
      { OTELKIT_SAMPLER: 'ratio', OTELKIT_SAMPLER_ARG: '0.01' },
      'ratio (parent-based consistent 1%)',
      undefined,
    ],
    [
      {
        OTELKIT_SAMPLER: 'rules',
        OTELKIT_SAMPLER_ARG: '{"rules":[{"route":"/health","drop":true}],"default":0.1}',
      },
      'rules (1 rules, default 10%)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: '[{"route":"/health","drop":true}]' },
      'rules (1 rules, default 100%)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: rulesFile },
      'rules (1 rules, default 25%)',
      undefined,
    ],
    [
      { OTELKIT_SAMPLER: 'rules' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /OTELKIT_SAMPLER="rules" needs OTELKIT_SAMPLER_ARG \(inline JSON or a JSON file path\); using "balanced"/,
    ],
    [
      { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: '/nope/rules.json' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /OTELKIT_SAMPLER_ARG="\/nope\/rules.json" names a file that cannot be read \(ENOENT\); using "balanced"/,
    ],
    [
      { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: '{"rules": [' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /OTELKIT_SAMPLER_ARG=".*" is not valid JSON \(.*\); using "balanced"/,
    ],
    [
      { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: '{"rules":[{"ratio":7}]}' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /^@otelkit\/samplers: OTELKIT_SAMPLER_ARG configuration is invalid \(option rules\[0\]\.ratio is 7; expected a number in \[0, 1\].*\); using balanced$/,
    ],
    [
      { OTELKIT_SAMPLER: 'everything' },
      'balanced (parent-based 10% + tail: errors, slow >= 1000ms)',
      /^@otelkit\/samplers: OTELKIT_SAMPLER="everything" is not one of dev, balanced, cost-saver, errors-and-slow, ratio, rules; using "balanced"$/,
    ],
  ])('env %j -> %p', (env, description, warning) => {
    const r = resolve(env as Record<string, string>);
    expect(r.description).toBe(description);
    if (warning === undefined) expect(r.warnings).toEqual([]);
    else {
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(warning);
    }
  });

  test.each([
    ['cost-saver', { OTELKIT_SAMPLER: 'dev' }, /^cost-saver/],
    [
      { preset: 'balanced', ratio: 0.5 },
      { OTELKIT_SAMPLER: 'dev' },
      /^balanced \(parent-based 50%/,
    ],
    [
      { rules: [{ route: '/x', drop: true }], default: 0.5 },
      {},
      /^rules \(1 rules, default 50%\)$/,
    ],
  ])('option %j wins over env %j', (option, env, description) => {
    const r = resolve(env, option as SamplingOption);
    expect(r.description).toMatch(description);
    expect(r.warnings).toEqual([]);
  });

  test.each([
    ['fast', /option sampling is "fast"; expected one of dev, balanced/],
    [{ preset: 'balanced', ratio: 3 }, /option ratio is 3; expected a number in \[0, 1\]/],
    [{ preset: 'nope' }, /option preset is "nope"; expected one of/],
    [{ rules: [{ kind: 'x' }] }, /rules\[0\]\.kind/],
    [{ tail: { policies: [{ when: { type: 'x' } }] } }, /tail.policies\[0\]\.when\.type/],
    ['rules', /option sampling is "rules"; expected a preset name; "rules" needs a configuration/],
  ])(
    'a bad option in code %j throws a TypeError naming the package and the option',
    (option, message) => {
      const run = () => resolveSampling(option as SamplingOption, {}, () => undefined);
      expect(run).toThrow(TypeError);
      expect(run).toThrow(message);
      expect(run).toThrow(/^@otelkit\/samplers: /);
    },
  );
});

describe('presets end to end on real spans', () => {
  const build = (option: SamplingOption) => {
    const s = resolveSampling(option, {}, () => undefined)!;
    return setup(s.sampler, s.wrapProcessor);
  };

  test('dev keeps every span, even children of unsampled remote parents', () => {
    const t = build('dev');
    const root = t.start('root');
    t.start('child', { parent: under(root) }).end();
    root.end();
    expect(t.exported()).toHaveLength(2);
    expect(t.exported()[0]!.spanContext().traceFlags).toBe(0x03);
  });

  test('balanced: an error trace is kept even when the head ratio would drop it', async () => {
    const t = build({ preset: 'balanced', ratio: 0.0001 });
    for (let i = 0; i < 20; i++) t.start('ok').end();
    const root = t.start('failing');
    t.start('db', { parent: under(root) })
      .setStatus({ code: SpanStatusCode.ERROR })
      .end();
    root.end();
    await t.processor.shutdown();
    expect(
      t
        .exported()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['db', 'failing']);
  });

  test('errors-and-slow: entry spans are recorded but not sampled, so outgoing context says unsampled', () => {
    const t = build('errors-and-slow');
    const root = t.start('GET /');
    expect(root.isRecording()).toBe(true);
    expect(root.spanContext().traceFlags & 1).toBe(0);
  });
});

describe('docs/sampling.md', () => {
  test('the rules example in the docs is a valid configuration', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'sampling.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const setupResult = resolveSampling(
      JSON.parse(example) as SamplingOption,
      {},
      () => undefined,
    )!;
    expect(setupResult.description).toBe('rules (5 rules, default 10% + tail: 2 policies)');
  });
});

describe('a 100 KB value is one short line, whichever variable holds it', () => {
  const huge = 'x'.repeat(100 * 1024);
  test.each([
    ['preset name', { OTELKIT_SAMPLER: huge }],
    ['tunable', { OTELKIT_SAMPLER: 'balanced', OTELKIT_SAMPLER_ARG: huge }],
    ['tunable name', { OTELKIT_SAMPLER: 'balanced', OTELKIT_SAMPLER_ARG: `${huge}=1` }],
    ['rules JSON', { OTELKIT_SAMPLER: 'rules', OTELKIT_SAMPLER_ARG: `{${huge}` }],
    [
      'rule regex',
      {
        OTELKIT_SAMPLER: 'rules',
        OTELKIT_SAMPLER_ARG: JSON.stringify([{ route: { regex: `(${huge}` } }]),
      },
    ],
  ])('%s', (_name, env) => {
    const r = resolve(env);
    expect(r.setup).toBeDefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.length).toBeLessThan(1000);
  });
});
