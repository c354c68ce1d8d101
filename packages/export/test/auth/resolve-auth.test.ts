import { resolveExporterConfig } from '@otelkit/export';

const URL_ = 'https://collector-abc.a.run.app:443/v1/traces';
const resolve = (
  env: Record<string, string>,
  auth?: Parameters<typeof resolveExporterConfig>[0]['auth'],
) => resolveExporterConfig({ url: URL_, auth }, env);

const OAUTH = {
  OTELKIT_EXPORTER_AUTH: 'oauth2',
  OTELKIT_OAUTH2_TOKEN_URL: 'https://idp.example/oauth/token',
  OTELKIT_OAUTH2_CLIENT_ID: 'svc-shop',
  OTELKIT_OAUTH2_CLIENT_SECRET: 'cl13nt-s3cret',
};

describe('OTELKIT_EXPORTER_AUTH and its companions: one line per bad value, then no credentials', () => {
  test.each<[string, Record<string, string>, unknown, string[]]>([
    ['unset', {}, undefined, []],
    ['none', { OTELKIT_EXPORTER_AUTH: 'none' }, undefined, []],
    [
      'gcp-id-token: audience is the endpoint origin, the metadata server Google’s',
      { OTELKIT_EXPORTER_AUTH: 'gcp-id-token' },
      {
        type: 'gcp-id-token',
        audience: 'https://collector-abc.a.run.app',
        metadataHost: 'metadata.google.internal',
      },
      [],
    ],
    [
      'gcp-id-token with an audience and GCE_METADATA_HOST',
      {
        OTELKIT_EXPORTER_AUTH: 'GCP-ID-TOKEN',
        OTELKIT_EXPORTER_AUTH_AUDIENCE: '123.apps.googleusercontent.com',
        GCE_METADATA_HOST: '169.254.169.254:8080',
      },
      {
        type: 'gcp-id-token',
        audience: '123.apps.googleusercontent.com',
        metadataHost: '169.254.169.254:8080',
      },
      [],
    ],
    [
      'gcp-id-token with a metadata host that is a URL',
      { OTELKIT_EXPORTER_AUTH: 'gcp-id-token', GCE_METADATA_HOST: 'http://evil/x?' },
      {
        type: 'gcp-id-token',
        audience: 'https://collector-abc.a.run.app',
        metadataHost: 'metadata.google.internal',
      },
      [
        'GCE_METADATA_HOST="http://evil/x?" is not a host or host:port; using the default metadata.google.internal',
      ],
    ],
    [
      'gcp-id-token with a 100 KB audience',
      {
        OTELKIT_EXPORTER_AUTH: 'gcp-id-token',
        OTELKIT_EXPORTER_AUTH_AUDIENCE: 'a'.repeat(100_000),
      },
      {
        type: 'gcp-id-token',
        audience: 'https://collector-abc.a.run.app',
        metadataHost: 'metadata.google.internal',
      },
      [
        expect.stringMatching(
          /^OTELKIT_EXPORTER_AUTH_AUDIENCE=\(100000 characters, not shown\) is not printable text/,
        ),
      ],
    ],
    [
      'bearer-file',
      { OTELKIT_EXPORTER_AUTH: 'bearer-file:/var/run/secrets/tokens/otel' },
      { type: 'bearer-file', path: '/var/run/secrets/tokens/otel' },
      [],
    ],
    [
      'bearer-file without a path',
      { OTELKIT_EXPORTER_AUTH: 'bearer-file:' },
      undefined,
      [
        'OTELKIT_EXPORTER_AUTH=(12 characters, not shown) names no usable token file after bearer-file:; using no credentials',
      ],
    ],
    [
      'oauth2, complete',
      {
        ...OAUTH,
        OTELKIT_OAUTH2_SCOPES: 'traces.write, Ingest',
        OTELKIT_OAUTH2_AUDIENCE: 'https://api.example',
      },
      {
        type: 'oauth2',
        tokenUrl: 'https://idp.example/oauth/token',
        clientId: 'svc-shop',
        clientSecret: 'cl13nt-s3cret',
        clientSecretFile: undefined,
        scopes: ['traces.write', 'Ingest'],
        audience: 'https://api.example',
      },
      [],
    ],
    [
      'oauth2 with the secret in a file (the secret variable wins when both are set)',
      {
        ...OAUTH,
        OTELKIT_OAUTH2_CLIENT_SECRET: '',
        OTELKIT_OAUTH2_CLIENT_SECRET_FILE: '/run/secret',
      },
      expect.objectContaining({ clientSecret: undefined, clientSecretFile: '/run/secret' }),
      [],
    ],
    [
      'oauth2 without its token URL or secret',
      { OTELKIT_EXPORTER_AUTH: 'oauth2', OTELKIT_OAUTH2_CLIENT_ID: 'svc' },
      undefined,
      [
        'OTELKIT_EXPORTER_AUTH=(6 characters, not shown) needs OTELKIT_OAUTH2_TOKEN_URL, OTELKIT_OAUTH2_CLIENT_SECRET or OTELKIT_OAUTH2_CLIENT_SECRET_FILE; using no credentials',
      ],
    ],
    [
      'oauth2 with a token URL that is not one',
      { ...OAUTH, OTELKIT_OAUTH2_TOKEN_URL: 'garbage=%ZZ' },
      undefined,
      [
        expect.stringMatching(
          /^OTELKIT_OAUTH2_TOKEN_URL=\(11 characters, not shown\) is not an absolute/,
        ),
        expect.stringMatching(/needs OTELKIT_OAUTH2_TOKEN_URL;/),
      ],
    ],
    [
      'anything else',
      { OTELKIT_EXPORTER_AUTH: 'kerberos' },
      undefined,
      [
        'OTELKIT_EXPORTER_AUTH=(8 characters, not shown) is not one of gcp-id-token, oauth2, bearer-file:/path or none; using no credentials',
      ],
    ],
  ])('%s', (_title, env, auth, problems) => {
    const { config, problems: lines } = resolve(env);
    expect(config.auth).toEqual(auth);
    expect(lines).toEqual(problems);
    expect(lines.join('\n')).not.toContain('cl13nt-s3cret');
  });

  test('the code option wins over the variables', () => {
    const { config } = resolve(
      { OTELKIT_EXPORTER_AUTH: 'oauth2' },
      { type: 'bearer-file', path: '/t' },
    );
    expect(config.auth).toEqual({ type: 'bearer-file', path: '/t' });
    expect(
      resolve({ OTELKIT_EXPORTER_AUTH: 'gcp-id-token' }, { type: 'none' }).config.auth,
    ).toBeUndefined();
  });
});

describe('a malformed auth or headers option throws one TypeError that shows no secret', () => {
  test.each<[string, unknown, RegExp]>([
    ['not an object', 'gcp', /option auth is \(3 characters, not shown\); expected an object/],
    [
      'an unknown type',
      { type: 'kerberos' },
      /option auth\.type is .*; expected gcp-id-token, oauth2, bearer-file or none/,
    ],
    ['bearer-file without a path', { type: 'bearer-file' }, /option auth\.path is undefined/],
    [
      'oauth2 with both secrets',
      {
        type: 'oauth2',
        tokenUrl: 'https://idp/t',
        clientId: 'c',
        clientSecret: 'cl13nt-s3cret',
        clientSecretFile: '/f',
      },
      /exactly one of clientSecret and clientSecretFile/,
    ],
    [
      'oauth2 with a token URL that is not one',
      { type: 'oauth2', tokenUrl: 'idp/t', clientId: 'c', clientSecret: 'x' },
      /option auth\.tokenUrl/,
    ],
    [
      'oauth2 with scopes that are not strings',
      {
        type: 'oauth2',
        tokenUrl: 'https://i/t',
        clientId: 'c',
        clientSecret: 'cl13nt-s3cret',
        scopes: [1],
      },
      /option auth\.scopes/,
    ],
  ])('%s', (_title, auth, message) => {
    let thrown: unknown;
    try {
      resolveExporterConfig({ url: URL_, auth: auth as never }, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('cl13nt-s3cret');
  });

  test('a headers function is taken as is, and the env headers are not sent with it', () => {
    const fn = () => ({ 'x-api-key': 'k' });
    const { config } = resolveExporterConfig(
      { url: URL_, headers: fn },
      { OTEL_EXPORTER_OTLP_HEADERS: 'a=b' },
    );
    expect(config.headersFunction).toBe(fn);
    expect(config.headers).toEqual({});
  });
});
