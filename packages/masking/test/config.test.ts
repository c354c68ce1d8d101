import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resolveMasking } from '@otelkit/masking';

const dir = mkdtempSync(join(tmpdir(), 'masking-config-'));
const yamlFile = join(dir, 'rules.yaml');
writeFileSync(yamlFile, "rules:\n  - keys: app.tenant\n    action: redact\n    mask: '<tenant>'\n");
const jsonFile = join(dir, 'rules.json');
writeFileSync(jsonFile, JSON.stringify([{ keys: 'app.tenant', action: 'hash' }]));

const ATTRS = {
  email: 'a@b.io',
  ip: '10.0.0.1',
  'app.tenant': 'acme',
  'gen_ai.input.messages': 'hi',
};

/** What a span with ATTRS looks like after the resolved processor (undefined when masking is off). */
function apply(processor: SpanProcessor | undefined): Record<string, unknown> | undefined {
  if (processor === undefined) return undefined;
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [processor, new SimpleSpanProcessor(exporter)],
  });
  provider.getTracer('t').startSpan('s', { attributes: ATTRS }).end();
  const attributes = { ...exporter.getFinishedSpans()[0].attributes };
  delete attributes['otelkit.masking.count'];
  return attributes;
}

const R = '[REDACTED]';
const DEFAULT = { email: R, ip: '10.0.0.1', 'app.tenant': 'acme', 'gen_ai.input.messages': R };
const STRICT = { ...DEFAULT, ip: R };

describe('resolveMasking: code > env > default', () => {
  test.each<
    [string, unknown, NodeJS.ProcessEnv, Record<string, unknown> | undefined, RegExp | undefined]
  >([
    ['nothing set: default preset', undefined, {}, DEFAULT, undefined],
    ['true: default preset', true, {}, DEFAULT, undefined],
    ['false: off', false, { OTELKIT_MASKING: 'strict' }, undefined, undefined],
    ["'off' in code", 'off', {}, undefined, undefined],
    ['env off', undefined, { OTELKIT_MASKING: 'off' }, undefined, undefined],
    ['env strict', undefined, { OTELKIT_MASKING: ' STRICT ' }, STRICT, undefined],
    ['code preset wins over env off', 'strict', { OTELKIT_MASKING: 'off' }, STRICT, undefined],
    [
      'code options object with preset wins over env',
      { preset: 'default' },
      { OTELKIT_MASKING: 'strict' },
      DEFAULT,
      undefined,
    ],
    [
      'bad env preset: warning, default',
      undefined,
      { OTELKIT_MASKING: 'paranoid' },
      DEFAULT,
      /^@otelkit\/masking: OTELKIT_MASKING="paranoid" is not one of default, strict, off; using "default"$/,
    ],
    [
      'env keeps GenAI content',
      undefined,
      { OTELKIT_MASKING_KEEP_GENAI_CONTENT: 'true' },
      { ...DEFAULT, 'gen_ai.input.messages': 'hi' },
      undefined,
    ],
    [
      'code keepGenAiContent false wins over env',
      { keepGenAiContent: false },
      { OTELKIT_MASKING_KEEP_GENAI_CONTENT: 'true' },
      DEFAULT,
      undefined,
    ],
    [
      'bad keep value: warning, masked',
      undefined,
      { OTELKIT_MASKING_KEEP_GENAI_CONTENT: 'maybe' },
      DEFAULT,
      /OTELKIT_MASKING_KEEP_GENAI_CONTENT="maybe" is not true or false; using false/,
    ],
    [
      // Spec booleans only (true/false, any case): yes/on/1 no longer mean true.
      'keep value "yes" is not a boolean: warning, masked',
      undefined,
      { OTELKIT_MASKING_KEEP_GENAI_CONTENT: 'yes' },
      DEFAULT,
      /OTELKIT_MASKING_KEEP_GENAI_CONTENT="yes" is not true or false; using false/,
    ],
    [
      'keep value TRUE (any case)',
      undefined,
      { OTELKIT_MASKING_KEEP_GENAI_CONTENT: 'TRUE' },
      { ...DEFAULT, 'gen_ai.input.messages': 'hi' },
      undefined,
    ],
    [
      'env detectors on/off',
      undefined,
      { OTELKIT_MASKING_DETECTORS: 'ip-address,-email' },
      { ...DEFAULT, ip: R, email: 'a@b.io' },
      undefined,
    ],
    [
      'unknown env detector: warning, rest applied',
      undefined,
      { OTELKIT_MASKING_DETECTORS: 'ssn,ip-address' },
      STRICT,
      /OTELKIT_MASKING_DETECTORS="ssn,ip-address" names unknown detectors \(ssn; known: .*\); using the other entries/,
    ],
    [
      'rules from inline JSON',
      undefined,
      { OTELKIT_MASKING_RULES: '[{"keys":"app.tenant","action":"delete"}]' },
      { email: R, ip: '10.0.0.1', 'gen_ai.input.messages': R },
      undefined,
    ],
    [
      'rules from a YAML file',
      undefined,
      { OTELKIT_MASKING_RULES: yamlFile },
      { ...DEFAULT, 'app.tenant': '<tenant>' },
      undefined,
    ],
    [
      'hash rule from a JSON file with the env hash key',
      undefined,
      { OTELKIT_MASKING_RULES: jsonFile, OTELKIT_MASKING_HASH_KEY: 'k' },
      { ...DEFAULT, 'app.tenant': expect.stringMatching(/^[0-9a-f]{64}$/) },
      undefined,
    ],
    [
      'hash rule without a key: warning, file ignored',
      undefined,
      { OTELKIT_MASKING_RULES: jsonFile },
      DEFAULT,
      /OTELKIT_MASKING_RULES file .*rules\.json is invalid: option hashKey is undefined; expected a non-empty string: rules\[0\] hashes values/,
    ],
    [
      'missing file: warning, defaults',
      undefined,
      { OTELKIT_MASKING_RULES: join(dir, 'nope.json') },
      DEFAULT,
      /OTELKIT_MASKING_RULES=".*nope\.json" names a file that cannot be read \(ENOENT\); using no rules from it/,
    ],
    [
      'bad inline JSON: warning, defaults',
      undefined,
      { OTELKIT_MASKING_RULES: '[{' },
      DEFAULT,
      /OTELKIT_MASKING_RULES="\[\{" is not valid JSON \(.*\); using no rules from it/,
    ],
    [
      'a refused pattern in an env rule: one line, that rule skipped, the others applied',
      undefined,
      {
        OTELKIT_MASKING_RULES:
          '[{"name":"slow","value":"(a)\\\\1","action":"redact"},{"keys":"app.tenant","action":"delete"}]',
      },
      { email: R, ip: '10.0.0.1', 'gen_ai.input.messages': R },
      /^@otelkit\/masking: OTELKIT_MASKING_RULES \(inline JSON\) rules\[0\]\.value: the pattern "\(a\)\\\\1" uses a backreference.*; skipping this rule$/,
    ],
    [
      'hashKey in a file is refused',
      undefined,
      { OTELKIT_MASKING_RULES: '{"hashKey":"k"}' },
      DEFAULT,
      /may not set hashKey/,
    ],
  ])('%s', (_name, option, env, expected, warning) => {
    const warn = jest.fn();
    const result = apply(resolveMasking(option, env, warn));
    expect(result).toEqual(expected);
    if (warning === undefined) expect(warn).not.toHaveBeenCalled();
    else {
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(warning);
    }
  });

  test('code rules run before env rules', () => {
    const env = { OTELKIT_MASKING_RULES: '[{"keys":"app.tenant","action":"redact","mask":"env"}]' };
    const out = apply(
      resolveMasking(
        { rules: [{ keys: 'app.tenant', action: 'redact', mask: 'code' }] },
        env,
        jest.fn(),
      ),
    );
    expect(out?.['app.tenant']).toBe('code');
  });

  test.each([[42], ['paranoid'], [['a']]])('a bad option in code throws: %p', (option) => {
    expect(() => resolveMasking(option, {}, jest.fn())).toThrow(
      /^@otelkit\/masking: option masking is .*; expected true, false, 'default', 'strict', 'none', 'off' or an options object$/,
    );
  });

  test('a bad rule in code throws even when the env is fine', () => {
    expect(() => resolveMasking({ rules: [{ action: 'redact' }] }, {}, jest.fn())).toThrow(
      /option rules\[0\] is .*; expected a rule with keys, value or detector/,
    );
  });
});

describe('a 100 KB value is one short line, whichever variable holds it', () => {
  const huge = 'x'.repeat(100 * 1024);
  test.each([
    ['OTELKIT_MASKING', 'OTELKIT_MASKING', huge],
    ['OTELKIT_MASKING_DETECTORS', 'OTELKIT_MASKING_DETECTORS', huge],
    ['OTELKIT_MASKING_KEEP_GENAI_CONTENT', 'OTELKIT_MASKING_KEEP_GENAI_CONTENT', huge],
    ['OTELKIT_MASKING_RULES, bad JSON', 'OTELKIT_MASKING_RULES', `[${huge}`],
    [
      'OTELKIT_MASKING_RULES, bad regex',
      'OTELKIT_MASKING_RULES',
      JSON.stringify([{ value: `(${huge}`, action: 'redact' }]),
    ],
  ])('%s', (_title, name, value) => {
    const warn = jest.fn();
    expect(apply(resolveMasking(undefined, { [name]: value }, warn))).toEqual(DEFAULT);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0].length).toBeLessThan(1000);
  });
});
