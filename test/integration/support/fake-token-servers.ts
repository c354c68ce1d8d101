import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RespondHook } from '@otelkit/testing';

/** How a fake token endpoint answers: well, or in one of the ways the acceptance lists. */
export type TokenMode = 'ok' | 'fails' | 'hangs' | 'garbage' | 'huge';

/** An unsigned JWT with these claims (the collector fakes check claims, not signatures). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

export function claimsOf(jwt: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}

export interface FakeTokenServer {
  /** `127.0.0.1:port`, for GCE_METADATA_HOST. */
  host: string;
  /** `http://127.0.0.1:port/token`, for OTELKIT_OAUTH2_TOKEN_URL. */
  tokenUrl: string;
  /** Switchable while running. */
  mode: TokenMode;
  /** Every token handed out, in order. */
  readonly issued: string[];
  /** What each request asked for: the query's audience (metadata) or the form (oauth2). */
  readonly asked: Array<{ audience?: string; form?: URLSearchParams; flavor?: string }>;
  /** A token this server issued that has not expired: what a collector behind IAM accepts. */
  isCurrent(token: string): boolean;
  close(): Promise<void>;
}

/** What a failing endpoint puts in its answers: a body that must never reach the app's output. */
export const ERROR_BODY_SECRET = 'endpoint-body-s3cret-echo';

/**
 * A loopback token endpoint: GET …/identity?audience=… answers a metadata-server ID token (a JWT whose exp is
 * `lifetimeMillis` away, fractional seconds so that its life is exact), POST /token answers an OAuth2 client
 * credentials token (`expires_in` = lifetime) when the form's client id and secret match.
 */
export async function startTokenServer(options: {
  lifetimeMillis: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<FakeTokenServer> {
  const issued: string[] = [];
  const asked: FakeTokenServer['asked'] = [];
  const expiry = new Map<string, number>();
  const hung: http.ServerResponse[] = [];
  let n = 0;
  const issue = (claims: Record<string, unknown>) => {
    const now = Date.now();
    const token = fakeJwt({
      ...claims,
      n: n++,
      iat: now / 1000,
      exp: (now + options.lifetimeMillis) / 1000,
    });
    issued.push(token);
    expiry.set(token, now + options.lifetimeMillis);
    return token;
  };
  const state = { mode: 'ok' as TokenMode };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const form =
        req.method === 'POST' ? new URLSearchParams(Buffer.concat(chunks).toString()) : undefined;
      const flavor = req.headers['metadata-flavor'] as string | undefined;
      // Anything else (the gcp resource detector's lookups): a bare 404, as from a metadata server without it.
      if (!url.pathname.endsWith('/identity') && url.pathname !== '/token')
        return void res.writeHead(404).end();
      asked.push({ audience: url.searchParams.get('audience') ?? undefined, form, flavor });
      switch (state.mode) {
        case 'hangs':
          hung.push(res);
          return;
        case 'fails':
          res.writeHead(400, { 'content-type': 'application/json' });
          // Echoes the request, secret included, the way some identity providers' error pages do.
          res.end(
            JSON.stringify({
              error: 'invalid_client',
              echo: form?.toString(),
              secret: ERROR_BODY_SECRET,
            }),
          );
          return;
        case 'garbage':
          res.end(`<html>${ERROR_BODY_SECRET}</html>`);
          return;
        case 'huge':
          res.end(`{"access_token":"${ERROR_BODY_SECRET}${'x'.repeat(200 * 1024)}"}`);
          return;
      }
      if (url.pathname.endsWith('/identity')) {
        if (flavor !== 'Google') return void res.writeHead(403).end();
        res.end(issue({ aud: url.searchParams.get('audience') }));
        return;
      }
      const good =
        form?.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === options.clientId &&
        form.get('client_secret') === options.clientSecret;
      if (!good) return void res.writeHead(401).end();
      const body = { access_token: issue({ scope: form.get('scope') }), token_type: 'Bearer' };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ...body, expires_in: options.lifetimeMillis / 1000 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    tokenUrl: `http://127.0.0.1:${port}/token`,
    get mode() {
      return state.mode;
    },
    set mode(mode: TokenMode) {
      state.mode = mode;
    },
    issued,
    asked,
    isCurrent: (token) => (expiry.get(token) ?? 0) > Date.now(),
    close: () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The bearer token of a request, or undefined. */
export function bearerOf(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const value = headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7) : undefined;
}

/**
 * A receiver hook that lets through only requests whose bearer token `accepts`; with `refuseFirst`, the first
 * request that carries an acceptable token is answered 401 all the same (a token revoked early).
 */
export function authChecking(
  accepts: (token: string) => boolean,
  { refuseFirst = false } = {},
): RespondHook {
  let refused = !refuseFirst;
  return (req) => {
    const token = bearerOf(req.headers);
    if (token === undefined || !accepts(token)) return { status: 401 };
    if (!refused) {
      refused = true;
      return { status: 401 };
    }
    return undefined;
  };
}
