// postgres.js 4 against a real PostgreSQL server: every query is one CLIENT span under the SERVER span of the request
// that made it, named `{operation} {table}`, with the PostgreSQL attributes and literals in the text masked.
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
import { postgresTestMode, startPostgres, type RunningPostgres } from './support/postgres-server';

jest.setTimeout(120_000);

const receiver = useReceiver();
const describePostgres = postgresTestMode() === 'run' ? describe : describe.skip;

interface ExpectedQuery {
  name: string;
  text: string;
  error?: string;
}

const requests: Array<{ path: string; status: number; queries: ExpectedQuery[] }> = [
  {
    path: '/users/1',
    status: 200,
    queries: [{ name: 'SELECT users', text: 'select id, email from users where id = $1' }],
  },
  {
    path: '/then',
    status: 200,
    queries: [{ name: 'SELECT users', text: 'select count(*) from users' }],
  },
  {
    path: '/unsafe',
    status: 200,
    queries: [{ name: 'SELECT users', text: "select id from users where email = '[REDACTED]'" }],
  },
  {
    path: '/order',
    status: 200,
    queries: [
      { name: 'BEGIN', text: 'begin ' },
      { name: 'UPDATE users', text: 'update users set email = $1 where id = $2' },
      { name: 'SELECT users', text: 'select id from users' },
      { name: 'COMMIT', text: 'commit' },
    ],
  },
  {
    path: '/missing',
    status: 500,
    queries: [
      { name: 'SELECT no_such_table', text: 'select * from no_such_table', error: '42P01' },
    ],
  },
];

describePostgres('postgres.js', () => {
  let pg: RunningPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(() => pg?.stop());

  describe.each([
    ['ESM app under --import', 'postgres/app.mjs', IMPORT],
    ['CommonJS app importing it under --require', 'postgres/app.cjs', REQUIRE],
  ])('%s', (_variant, script, nodeArgs) => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await startApp({
        script,
        nodeArgs,
        env: otelEnv(receiver.current.url, { DATABASE_URL: pg.url }),
      });
    });
    afterAll(async () => {
      app.proc.kill('SIGTERM');
      await app.proc.exited;
    });

    test.each(requests)(
      'GET $path → its queries as CLIENT spans under the SERVER span',
      async ({ path, status, queries }) => {
        const res = await get(app.port, path);
        expect(res.status).toBe(status);
        const spans = await receiver.current.waitForTrace((t) =>
          t.some((s) => s.kindName === 'SERVER' && s.attributes['url.path'] === path),
        );
        const server = spans.find((s) => s.kindName === 'SERVER')!;
        const clients = spans
          .filter((s) => s.scope.name === '@otelkit/instrumentation-postgres-js')
          .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
        expect(clients.map(describeQuery)).toEqual(
          queries.map(({ name, text, error }) => ({
            name,
            kind: 'CLIENT',
            parent: server.spanId,
            attributes: expect.objectContaining({
              'db.system.name': 'postgresql',
              'db.namespace': pg.database,
              'db.query.text': text,
              'server.address': pg.host,
              'server.port': pg.port,
              ...(error ? { 'error.type': error, 'db.response.status_code': error } : {}),
            }),
            status: error ? 2 : 0,
          })),
        );
      },
    );
  });
});

function describeQuery(span: ReceivedSpan) {
  return {
    name: span.name,
    kind: span.kindName,
    parent: span.parentSpanId,
    attributes: span.attributes,
    status: span.status.code,
  };
}
