import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runFixture } from '@otelkit/testing';
import { fixturesDir, IMPORT, otelEnv, REQUIRE, useReceiver } from './support/app';

jest.setTimeout(60_000);

// An ESM app calls http/https through one import shape per process (test/fixtures/node/esm-builtins/shapes), after
// something else loaded the builtin (see `firsts`). The callee is this (untraced) test process, recording traceparent.
const receiver = useReceiver();
const received = new Map<string, string | undefined>();
const record = (req: http.IncomingMessage, res: http.ServerResponse) => {
  received.set(req.url ?? '', req.headers.traceparent as string | undefined);
  res.end('ok');
};
const callees: Record<'http' | 'https', http.Server> = {
  http: http.createServer(record),
  https: https.createServer(
    {
      cert: readFileSync(path.join(fixturesDir, 'tls', 'server.pem')),
      key: readFileSync(path.join(fixturesDir, 'tls', 'server.key')),
    },
    record,
  ),
};
beforeAll(() =>
  Promise.all(
    Object.values(callees).map(
      (server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    ),
  ),
);
afterAll(() =>
  Promise.all(
    Object.values(callees).map((server) => new Promise((resolve) => server.close(resolve))),
  ),
);

const shapes = [
  ['default', "import http from 'node:http'; http.get()"],
  ['get-node', "import { get } from 'node:http'"],
  ['get-bare', "import { get } from 'http'"],
  ['request-node', "import { request } from 'node:http'"],
  ['request-bare', "import { request } from 'http'"],
  ['namespace', "import * as http from 'node:http'; http.request()"],
] as const;
// What loads the builtin before the shape's own import: nothing; express, imported ahead of it in the same module
// graph (the case of issue 21); or an ESM `--import` that runs before otelkit's (only this one failed while
// @otelkit/export loads http at start: the named imports kept the unpatched functions).
const firsts = {
  nothing: [],
  'a CommonJS package (express)': ['--conditions=cjs-first'],
  'an earlier --import': ['--import', './preload-builtins.js'],
} as const;
type First = keyof typeof firsts;
const rows = (protocols: Array<'http' | 'https'>, loadedFirst: First[]) =>
  protocols.flatMap((protocol) =>
    loadedFirst.flatMap((first) =>
      shapes.map(([shape, code]) => ({
        protocol,
        first,
        shape,
        code: code.replaceAll('http', protocol),
      })),
    ),
  );
type Row = ReturnType<typeof rows>[number];

let calls = 0;
async function callThrough(entry: string[], { protocol, first, shape }: Row) {
  const urlPath = `/call-${++calls}`;
  const { port } = callees[protocol].address() as AddressInfo;
  const result = await runFixture({
    script: path.join('shapes', `${shape}.${protocol}.js`),
    cwd: path.join(fixturesDir, 'node', 'esm-builtins'),
    nodeArgs: [...firsts[first], ...entry],
    env: otelEnv(receiver.current.url, {
      CALLEE_URL: `${protocol}://127.0.0.1:${port}${urlPath}`,
    }),
  });
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
  const caller = JSON.parse(result.stdout.trim()) as { traceId: string; spanId: string };
  expect(caller).toMatchObject({ status: 200 });
  const spans = await receiver.current.waitForSpans((all) =>
    all.some((s) => s.spanId === caller.spanId),
  );
  const client = spans.find((s) => s.kindName === 'CLIENT' && s.traceId === caller.traceId);
  return { caller, client, traceparent: received.get(urlPath) };
}

const title =
  '$protocol, loaded first by $first, $code: a CLIENT span under the caller, traceparent sent';
const expectTraced = ({ caller, client, traceparent }: Awaited<ReturnType<typeof callThrough>>) => {
  expect(client).toMatchObject({
    parentSpanId: caller.spanId,
    scope: { name: '@opentelemetry/instrumentation-http' },
  });
  expect(traceparent).toBe(`00-${caller.traceId}-${client!.spanId}-01`);
};

describe('--import', () => {
  test.each(rows(['http', 'https'], Object.keys(firsts) as First[]))(title, async (row) =>
    expectTraced(await callThrough(IMPORT, row)),
  );
});

// --require with an ES module entry registers the same hook; one table of the case keeps it cheap.
describe('--require with an ESM entry', () => {
  test.each(rows(['http', 'https'], ['a CommonJS package (express)']))(title, async (row) =>
    expectTraced(await callThrough(REQUIRE, row)),
  );
});
