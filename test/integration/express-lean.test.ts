import type { ReceivedSpan } from '@otelkit/testing';
import { get, otelEnv, REQUIRE, startApp, useReceiver, type RunningApp } from './support/app';

jest.setTimeout(60_000);

// otelkit's express instrumentation must give the spans upstream's gives: the same fixture app runs once with each,
// and every request's span tree (names, kinds, parent links, status, exception events, the express and route
// attributes) must be the same.
const receiver = useReceiver();

const variants = {
  otelkit: { instrumentations: 'http,express', scope: '@otelkit/instrumentation-express' },
  upstream: {
    instrumentations: 'http,express-upstream',
    scope: '@opentelemetry/instrumentation-express',
  },
} as const;
type Variant = keyof typeof variants;
const apps = {} as Record<Variant, RunningApp>;

beforeAll(async () => {
  for (const variant of Object.keys(variants) as Variant[]) {
    apps[variant] = await startApp({
      script: 'express-lean/app.js',
      nodeArgs: REQUIRE,
      env: otelEnv(receiver.current.url, {
        OTEL_SERVICE_NAME: variant,
        OTEL_NODE_ENABLED_INSTRUMENTATIONS: variants[variant].instrumentations,
      }),
    });
  }
});

afterAll(async () => {
  for (const { proc } of Object.values(apps)) {
    proc.kill('SIGTERM');
    await proc.exited;
  }
});

interface Tree {
  name: string;
  kind: string;
  status: number;
  events: string[];
  attributes: Record<string, unknown>;
  children: Tree[];
}

const compared = ['http.route', 'express.name', 'express.type', 'http.response.status_code'];

function treeOf(spans: ReceivedSpan[], span: ReceivedSpan): Tree {
  const children = spans
    .filter((s) => s.parentSpanId === span.spanId)
    .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano))
    .map((child) => treeOf(spans, child));
  return {
    name: span.name,
    kind: span.kindName,
    status: span.status.code,
    events: span.events.map((e) => e.name),
    attributes: Object.fromEntries(compared.map((key) => [key, span.attributes[key]])),
    children,
  };
}

async function traceOf(variant: Variant, path: string): Promise<ReceivedSpan[]> {
  const isServer = (s: ReceivedSpan) =>
    s.kindName === 'SERVER' && s.serviceName === variant && s.attributes['url.path'] === path;
  const found = await receiver.current.waitForTrace((t) => t.some(isServer));
  return found;
}

describe("otelkit's express instrumentation gives the spans of upstream's, for less", () => {
  test.each([
    ['app middleware and a path parameter', '/users/42', 200, 'GET /users/:id'],
    ['nested routers with router middleware', '/api/v1/items/7', 200, 'GET /api/v1/items/:id'],
    ['next(error) in a nested route', '/api/v1/items/7/fail', 500, 'GET /api/v1/items/:id/fail'],
    ['an error thrown by the handler', '/throw', 500, 'GET /throw'],
    ['next(error) called later (async)', '/later-error', 500, 'GET /later-error'],
    ['an answer sent later', '/later', 200, 'GET /later'],
    ['several handlers on one route', '/multi', 200, 'GET /multi'],
    ['a route chain', '/chain/x', 200, 'GET /chain/:name'],
    ['an array path', '/second', 200, 'GET /first,/second'],
    ["next('route') to the next route", '/skip/3', 200, 'GET /skip/:n'],
    ['a router middleware that answers itself', '/admin/secret', 401, 'GET /admin'],
    ['no route (404)', '/missing', 404, 'GET'],
    ['no route under a router (404)', '/api/nothing', 404, 'GET /api'],
  ])('%s: GET %s', async (_case, path, status, serverName) => {
    for (const { port } of Object.values(apps)) expect((await get(port, path)).status).toBe(status);
    await traceOf('otelkit', path);
    await traceOf('upstream', path);
    // Spans that end with the response ('close') may come in a later batch.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const trees = {} as Record<Variant, Tree>;
    for (const variant of Object.keys(variants) as Variant[]) {
      const root = receiver.current.spans.find(
        (s) =>
          s.kindName === 'SERVER' && s.serviceName === variant && s.attributes['url.path'] === path,
      )!;
      const trace = receiver.current.spans.filter((s) => s.traceId === root.traceId);
      const express = trace.filter((s) => s.kindName === 'INTERNAL');
      expect(express.length).toBeGreaterThan(0);
      expect(new Set(express.map((s) => s.scope.name))).toEqual(new Set([variants[variant].scope]));
      trees[variant] = treeOf(trace, root);
    }
    expect(trees.otelkit.name).toBe(serverName);
    expect(trees.otelkit).toEqual(trees.upstream);
  });
});
