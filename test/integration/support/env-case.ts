import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { spawnFixture, type OtlpReceiver, type ReceivedSpan } from '@otelkit/testing';
import { fixturesDir, get, REQUIRE } from './app';

const cwd = path.join(fixturesDir, 'config');

/** What server.js sets on its server span as `gen_ai.prompt`. */
export const FIXTURE_PROMPT = 'tell me the launch codes';

/** One run of `node --require @otelkit/node/register server.js` with a given environment. */
export interface EnvCaseOptions {
  /** Set over an environment scrubbed of every inherited OTEL_* / OTELKIT_* variable; undefined removes. */
  env: Record<string, string | undefined>;
  /** Where the case's spans are looked for. */
  receiver: OtlpReceiver;
  /** Extra request headers for the one request to the app. */
  headers?: Record<string, string>;
  /** The app answers the request with 500: an error trace, kept by every sampling preset. */
  failing?: boolean;
}

export interface EnvCaseResult {
  /** `code 0`, `signal SIGKILL`, or why the run failed. */
  exit: string;
  /** The app answered its one request (200, or 500 when `failing`). */
  answered: boolean;
  /** stdout then stderr, split into lines. */
  lines: string[];
  /** The `tracing service …` line, when printed. */
  startupLine?: string;
  /** Spans of this case's trace that reached the receiver. */
  spans: ReceivedSpan[];
  /** Peak resident set size of the child, KB (process.resourceUsage().maxRSS at exit). */
  maxRssKb?: number;
  durationMs: number;
}

/** An environment with nothing inherited that could change the outcome. */
export function scrubbedEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NODE_OPTIONS: undefined };
  for (const name of Object.keys(process.env)) {
    if (/^OTEL(KIT)?_/.test(name) && name !== 'OTELKIT_TEST_NODE') env[name] = undefined;
  }
  return env;
}

/**
 * Starts the app, sends one request in a fresh sampled trace, stops it with SIGTERM (the app closes its server and
 * the process ends through beforeExit, where otelkit flushes), and collects what it printed and exported.
 */
export async function runEnvCase(options: EnvCaseOptions): Promise<EnvCaseResult> {
  const started = Date.now();
  const traceId = randomBytes(16).toString('hex');
  const proc = spawnFixture({
    script: 'server.js',
    cwd,
    nodeArgs: REQUIRE,
    env: { ...scrubbedEnv(), ...options.env },
    timeoutMs: 30_000,
  });
  let answered = false;
  let exit: string;
  try {
    const line = await proc.waitForOutput(/listening (\d+)/, {
      stream: 'stdout',
      timeoutMs: 20_000,
    });
    const port = Number(/listening (\d+)/.exec(line)![1]);
    const answer = await get(port, `/hello/${traceId}${options.failing ? '?fail' : ''}`, {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      ...options.headers,
    });
    answered = answer.body === 'hello' && answer.status === (options.failing ? 500 : 200);
  } catch {
    // recorded below: the app did not start or did not answer
  }
  proc.kill('SIGTERM');
  try {
    const result = await proc.exited;
    exit = result.signal ? `signal ${result.signal}` : `code ${result.code}`;
  } catch (err) {
    exit = (err as Error).message.split('\n')[0];
  }
  const output = `${proc.stdout()}\n${proc.stderr()}`;
  const lines = output.split('\n').filter((line) => line !== '');
  const rss = /^maxrss (\d+)$/m.exec(proc.stdout());
  const spans = await caseSpans(options.receiver, traceId);
  return {
    exit,
    answered,
    lines,
    startupLine: lines.find((line) => line.includes('tracing service')),
    spans,
    maxRssKb: rss ? Number(rss[1]) : undefined,
    durationMs: Date.now() - started,
  };
}

/**
 * The spans of the case: its trace id, or its id in a URL attribute when a propagator setting made the app start a
 * new trace. The flush finished before the process exited; the short wait only covers the receiver's bookkeeping.
 */
async function caseSpans(receiver: OtlpReceiver, traceId: string): Promise<ReceivedSpan[]> {
  const mine = (span: ReceivedSpan) =>
    span.traceId === traceId ||
    Object.values(span.attributes).some((v) => typeof v === 'string' && v.includes(traceId));
  try {
    await receiver.waitForSpans((spans) => spans.some(mine), { timeoutMs: 300 });
  } catch {
    // none arrived: the caller decides whether that is right
  }
  return receiver.spans.filter(mine);
}
