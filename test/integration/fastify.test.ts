// Fastify 5 through @fastify/otel, which otelkit makes on the first load of fastify and attaches to every instance
// itself: the HTTP SERVER span is named by the route and carries http.route, the request, hook and handler spans hang
// under it, and a thrown error is an ERROR on the handler, the request span and the SERVER span.
import type { ReceivedSpan } from '@otelkit/testing';
import {
  get,
  IMPORT,
  otelEnv,
  REQUIRE,
  startApp,
  useReceiver,
  type RunningApp,
} from './support/app';

jest.setTimeout(60_000);

const receiver = useReceiver();

/** `name (parent name)` of every span under the SERVER span, in a stable order. */
const tree = (spans: ReceivedSpan[], root: ReceivedSpan) => {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans
    .filter((s) => s !== root)
    .map((s) => `${s.name} (${byId.get(s.parentSpanId ?? '')?.name ?? 'no parent'})`)
    .sort();
};

const requests = [
  {
    path: '/users/42',
    status: 200,
    server: 'GET /users/:id',
    route: '/users/:id',
    error: false,
    under: ['handler - getUser (request)', 'request (GET /users/:id)'],
  },
  {
    path: '/api/v1/items/sku-7',
    status: 200,
    server: 'GET /api/v1/items/:sku',
    route: '/api/v1/items/:sku',
    error: false,
    under: [
      'handler - getItem (request)',
      'preHandler - checkAccess (request)',
      'request (GET /api/v1/items/:sku)',
    ],
  },
  {
    path: '/boom',
    status: 500,
    server: 'GET /boom',
    route: '/boom',
    error: true,
    under: ['handler - explode (request)', 'request (GET /boom)'],
  },
];

describe.each([
  ['ESM app under --import', 'fastify/app.mjs', IMPORT],
  ['CommonJS app under --require', 'fastify/app.cjs', REQUIRE],
])('Fastify 5, %s', (_variant, script, nodeArgs) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ script, nodeArgs, env: otelEnv(receiver.current.url) });
  });
  afterAll(async () => {
    app.proc.kill('SIGTERM');
    await app.proc.exited;
  });

  test.each(requests)(
    'GET $path → SERVER span "$server" with http.route $route; handler spans under it',
    async ({ path, status, server, route, error, under }) => {
      const res = await get(app.port, path);
      expect(res.status).toBe(status);
      const spans = await receiver.current.waitForTrace((t) =>
        t.some((s) => s.kindName === 'SERVER' && s.name === server && s.endTimeUnixNano > 0n),
      );
      const root = spans.find((s) => s.kindName === 'SERVER')!;
      expect(spans.filter((s) => s.kindName === 'SERVER')).toHaveLength(1);
      expect(root.parentSpanId).toBeUndefined();
      expect(root.attributes['http.route']).toBe(route);
      expect(root.attributes['http.response.status_code']).toBe(status);
      expect(root.status.code).toBe(error ? 2 : 0);
      expect(tree(spans, root)).toEqual(under);
      for (const span of spans.filter((s) => s !== root)) {
        expect(span.scope.name).toBe('@fastify/otel');
        expect(span.attributes['http.route']).toBe(
          span.name.startsWith('preHandler') ? undefined : route,
        );
      }
      const failed = spans.filter((s) => s !== root && s.status.code === 2);
      expect(failed.map((s) => [s.name, s.status.message])).toEqual(
        error
          ? [
              ['handler - explode', 'kaboom'],
              ['request', 'kaboom'],
            ]
          : [],
      );
    },
  );
});
