import { createDiagnostics } from '@otelkit/core';
import { exportSecrets } from '../../src/diag/secrets';

describe('exportSecrets: what no line may ever show', () => {
  test.each<
    [
      string,
      { url: string; headers: Record<string, string>; proxy?: { url: string; from: string } },
      string[],
    ]
  >([
    [
      'header values',
      { url: 'http://collector:4318/v1/traces', headers: { 'api-key': 'k3y', 'x-team': 'pay' } },
      ['k3y', 'pay'],
    ],
    [
      'userinfo, as written and decoded',
      { url: 'http://us%40er:p%40ss@collector:4318/v1/traces', headers: {} },
      ['us%40er', 'us@er', 'p%40ss', 'p@ss'],
    ],
    [
      'secret query values only',
      { url: 'http://collector/v1/traces?token=t0k3n&region=eu', headers: {} },
      ['t0k3n', 't0k3n'],
    ],
    ['nothing for a plain URL', { url: 'http://collector:4318/v1/traces', headers: {} }, []],
    [
      "the proxy's userinfo, as written and decoded",
      {
        url: 'https://collector/v1/traces',
        headers: {},
        proxy: { url: 'http://svc:pr%40xy@proxy:3128/', from: 'HTTPS_PROXY' },
      },
      ['svc', 'svc', 'pr%40xy', 'pr@xy'],
    ],
  ])('%s', (_what, config, expected) => {
    expect(exportSecrets(config)).toEqual(expected);
  });

  test('registered, they are masked in any later line, whatever its source', () => {
    const lines: string[] = [];
    const diag = createDiagnostics({ prefix: '@otelkit/node', write: (l) => lines.push(l) });
    diag.addSecrets(
      exportSecrets({
        url: 'http://user:s3cret@collector:4318/v1/traces?token=t0k3n-1',
        headers: { 'x-custom': 'opaque-credential-value', 'x-team': 'pay' },
      }),
    );
    diag.warn('collector said: 401, you sent opaque-credential-value and s3cret and t0k3n-1');
    expect(lines[0]).not.toMatch(/opaque-credential-value|s3cret|t0k3n-1/);
    // Values under 6 characters are ordinary words too often to mask by value (the user `user`, the team `pay`).
    diag.warn('user pay');
    expect(lines[1]).toBe('@otelkit/node: user pay');
  });
});
