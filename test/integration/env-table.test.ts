import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startReceiver, type OtlpReceiver } from '@otelkit/testing';
import { fixturesDir } from './support/app';
import { documentedVariables, mentionedVariables } from './support/documented-env';
import { FIXTURE_PROMPT, runEnvCase, type EnvCaseResult } from './support/env-case';
import { linesNaming, outputViolations } from './support/output-rules';

// Issue 17: every documented variable, set to anything at all, leaves the app running and traced, and otelkit says so
// in at most one short line. Each case is its own process (one variable per process keeps the table honest); the rows
// are concurrent tests, run `--maxConcurrency` (default 5) at a time, so `-t` picks rows without running the others.
jest.setTimeout(120_000);

const PEAK_RSS_LIMIT_KB = 300 * 1024;

/** The hostile values of the acceptance; file-path variables get them too (none names a file that exists). */
const VALUES: ReadonlyArray<[label: string, value: string]> = [
  ['empty', ''],
  ['garbage', 'garbage=%ZZ,,=;{not json'],
  ['negative', '-1'],
  ['1.5e308', '1.5e308'],
  ['50000000', '50000000'],
  ['100 KB', 'x'.repeat(100 * 1024)],
];

const variables = documentedVariables('configuration.md');
const names = variables.map((v) => v.name);

/** Variables whose value is a credential: no part of it may be printed. */
const SECRET = /HEADERS$|HASH_KEY$|CLIENT_SECRET$|^OTELKIT_EXPORTER_AUTH$/;
const TLS_FILE = /^OTEL_EXPORTER_OTLP_(TRACES_)?(CERTIFICATE|CLIENT_CERTIFICATE|CLIENT_KEY)$/;
const ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';

interface Context {
  /** Set with the variable so that it is read at all (the plugin that reads it switched on). */
  env: Record<string, string>;
  tls?: boolean;
  label?: string;
  /** The request fails (500): for presets that keep only error and slow traces. */
  failing?: boolean;
}

/** Settings without which the variable under test would not be read. */
function contextsOf(name: string): Context[] {
  if (TLS_FILE.test(name))
    // https only; Node trusts the test CA through NODE_EXTRA_CA_CERTS, so falling back to Node's CAs still delivers.
    return [{ env: { NODE_EXTRA_CA_CERTS: path.join(fixturesDir, 'tls', 'ca.pem') }, tls: true }];
  if (name === 'OTEL_TRACES_SAMPLER_ARG')
    // not parent-based: a bad ratio that became 0 would drop the request's span
    return [{ env: { OTEL_TRACES_SAMPLER: 'traceidratio' } }];
  if (name === 'OTELKIT_SAMPLER_ARG')
    return ['ratio', 'errors-and-slow', 'rules'].map((preset) => ({
      env: { OTELKIT_SAMPLER: preset },
      label: `OTELKIT_SAMPLER=${preset}`,
      // errors-and-slow keeps only error and slow traces, whatever its arg: an error request shows it traces
      failing: preset === 'errors-and-slow',
    }));
  if (name === 'OTELKIT_TRACESTATE_MAX_LENGTH')
    return [{ env: { OTEL_PROPAGATORS: 'tracecontext-strict,baggage-strict' } }];
  if (name.startsWith('OTELKIT_ALIAS_'))
    return [{ env: { OTEL_PROPAGATORS: 'tracecontext,baggage,alias' } }];
  if (name.startsWith('OTELKIT_FORWARD_'))
    return [{ env: { OTEL_PROPAGATORS: 'tracecontext,baggage,forward' } }];
  // Exports to the default endpoint fail: a short flush at exit keeps the run short.
  if (name === ENDPOINT) return [{ env: { OTELKIT_SHUTDOWN_TIMEOUT: '1000' } }];
  return [{ env: {} }];
}

interface Case {
  title: string;
  variable: string;
  value: string;
  context: Context;
}

const cases: Case[] = variables.flatMap(({ name }) =>
  contextsOf(name).flatMap((context) =>
    VALUES.map(([label, value]) => ({
      title: `${name}=${label}${context.label ? ` (with ${context.label})` : ''}`,
      variable: name,
      value,
      context,
    })),
  ),
);

let plain: OtlpReceiver;
let secure: OtlpReceiver;
/** Every run of the file, for the timing line at the end. */
const runs: Array<{ title: string; result: EnvCaseResult }> = [];
let firstRunAt = 0;

const run = (variable: string | undefined, value: string, context: Context) => {
  const receiver = context.tls ? secure : plain;
  const env: Record<string, string> = { ...context.env };
  if (variable !== ENDPOINT) env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  if (variable) env[variable] = value;
  return record(
    variable ? `${variable}=${value.slice(0, 20)}` : 'baseline',
    runEnvCase({ env, receiver, failing: context.failing }),
  );
};

async function record(title: string, running: Promise<EnvCaseResult>): Promise<EnvCaseResult> {
  firstRunAt ||= Date.now();
  const result = await running;
  runs.push({ title, result });
  return result;
}

beforeAll(async () => {
  const tls = (name: string) => readFileSync(path.join(fixturesDir, 'tls', name));
  plain = await startReceiver();
  secure = await startReceiver({ tls: { cert: tls('server.pem'), key: tls('server.key') } });
});

afterAll(async () => {
  if (runs.length > 0) {
    const slowest = [...runs]
      .sort((a, b) => b.result.durationMs - a.result.durationMs)
      .slice(0, 3)
      .map(({ title, result }) => `${title} ${(result.durationMs / 1000).toFixed(1)} s`);
    const seconds = ((Date.now() - firstRunAt) / 1000).toFixed(1);
    console.log(
      `env table: ${runs.length} processes in ${seconds} s; slowest: ${slowest.join(', ')}`,
    );
  }
  await Promise.all([plain?.close(), secure?.close()]);
});

/** What every run must look like; a row's failure shows the first difference. */
function verdict(result: EnvCaseResult, c?: Case) {
  const endpointUnderTest = c?.variable === ENDPOINT;
  const shownSecret =
    c && SECRET.test(c.variable) && c.value.length >= 7
      ? result.lines.filter((line) => line.includes(c.value.slice(0, 20)))
      : [];
  return {
    exit: result.exit,
    answered: result.answered,
    startupLine: result.startupLine !== undefined,
    // with the endpoint itself under test there is no receiver to deliver to: the start-up line is the proof
    spansDelivered: endpointUnderTest || result.spans.length > 0,
    peakRssUnder300MB: result.maxRssKb !== undefined && result.maxRssKb < PEAK_RSS_LIMIT_KB,
    violations: outputViolations(result, c?.variable),
    secretShown: shownSecret,
  };
}

const CLEAN = {
  exit: 'code 0',
  answered: true,
  startupLine: true,
  spansDelivered: true,
  peakRssUnder300MB: true,
  violations: [],
  secretShown: [],
};

describe('docs/configuration.md is the one table', () => {
  test('it documents the variables', () => {
    expect(names.length).toBeGreaterThan(30);
    expect(names).toEqual(
      expect.arrayContaining(['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_ATTRIBUTE_COUNT_LIMIT']),
    );
  });

  // testing.md is left out: OTELKIT_TEST_NODE configures the test runner, not the app.
  test.each([
    'export.md',
    'masking.md',
    'sampling.md',
    'propagation.md',
    'nextjs.md',
    'troubleshooting.md',
    'getting-started.md',
    'performance.md',
  ])('every variable %s mentions is in it', (page) => {
    expect(mentionedVariables(page).filter((name) => !names.includes(name))).toEqual([]);
  });
});

describe('every documented variable, every hostile value: the app runs and is traced, otelkit prints at most one short line', () => {
  test.concurrent('every variable unset (the baseline)', async () => {
    const baseline = await run(undefined, '', { env: {} });
    expect(verdict(baseline)).toEqual(CLEAN);
    expect(
      baseline.lines.filter(
        (line) =>
          line.startsWith('@otelkit/') &&
          !line.includes('tracing service') &&
          !line.includes('first spans delivered'),
      ),
    ).toEqual([]);
  });

  test.concurrent.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const result = await run(c.variable, c.value, c.context);
    expect(verdict(result, c)).toEqual(CLEAN);
  });
});

/**
 * The OpenTelemetry spec's booleans: `true`/`false` in any case, nothing else. Each boolean variable, whichever
 * package reads it, is observed through what it changes.
 */
interface BooleanObserver {
  env?: Record<string, string>;
  headers?: Record<string, string>;
  /** The value in effect, read from what the run did. */
  effect(result: EnvCaseResult): boolean;
}

const BOOLEANS: Record<string, BooleanObserver> = {
  OTEL_SDK_DISABLED: {
    effect: (r) => r.startupLine === undefined && r.spans.length === 0,
  },
  OTELKIT_HANDLE_SIGNALS: {
    // spans reach the collector only through the flush at exit
    env: { OTEL_BSP_SCHEDULE_DELAY: '60000' },
    effect: (r) => r.spans.length > 0,
  },
  OTELKIT_MASKING_KEEP_GENAI_CONTENT: {
    effect: (r) => r.spans.some((s) => s.attributes['gen_ai.prompt'] === FIXTURE_PROMPT),
  },
  OTELKIT_EXPORT_STARTUP_SPANS: {
    // the app calls out while it starts; its info line (which names the switch) is hidden, the bad-value warning is not
    env: { FIXTURE_STARTUP_CALL: '1', OTEL_LOG_LEVEL: 'warn' },
    effect: (r) => r.lines.includes('start-up traces not exported 0'),
  },
  OTELKIT_FORWARD_HEADERS_ATTRIBUTES: {
    env: { OTEL_PROPAGATORS: 'tracecontext,baggage,forward' },
    headers: { 'x-request-id': 'req-4711' },
    effect: (r) => r.spans.some((s) => 'otelkit.forwarded_header.x-request-id' in s.attributes),
  },
};

const booleans = variables.filter((v) => /^(true|false)$/.test(v.defaultText));

const SPELLINGS: ReadonlyArray<[value: string, meaning: boolean | 'default']> = [
  ['TRUE', true],
  ['true', true],
  ['False', false],
  ['1', 'default'],
  ['yes', 'default'],
  ['on', 'default'],
];

const booleanCases = booleans.flatMap(({ name, defaultText }) =>
  SPELLINGS.map(([value, meaning]) => ({
    title: `${name}=${value}`,
    name,
    value,
    expected: meaning === 'default' ? defaultText === 'true' : meaning,
    lines: meaning === 'default' ? 1 : 0,
  })),
);

describe('the same spelling means the same thing in every package', () => {
  test('every documented boolean has an observer here', () => {
    expect(booleans.map((v) => v.name).sort()).toEqual(Object.keys(BOOLEANS).sort());
  });

  test.concurrent.each(booleanCases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const observer = BOOLEANS[c.name];
    expect(observer).toBeDefined();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: plain.url, ...observer.env, [c.name]: c.value };
    const result = await record(
      c.title,
      runEnvCase({ env, receiver: plain, headers: observer.headers }),
    );
    expect({
      exit: result.exit,
      effect: observer.effect(result),
      linesNaming: linesNaming(result.lines, c.name),
    }).toEqual({
      exit: 'code 0',
      effect: c.expected,
      linesNaming: c.lines === 0 ? [] : [expect.stringContaining(c.name)],
    });
  });
});
