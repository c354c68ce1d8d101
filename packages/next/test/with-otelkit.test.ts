import { SERVER_EXTERNAL_PACKAGES, withOtelkit } from '../src/with-otelkit';

describe('withOtelkit', () => {
  test('adds the tracing packages to serverExternalPackages, keeping the caller’s own and other keys', () => {
    const config = withOtelkit({
      reactStrictMode: true,
      serverExternalPackages: ['sharp', '@otelkit/node'],
    });
    expect(config.reactStrictMode).toBe(true);
    expect(config.serverExternalPackages![0]).toBe('sharp');
    expect(new Set(config.serverExternalPackages)).toEqual(
      new Set(['sharp', ...SERVER_EXTERNAL_PACKAGES]),
    );
    expect(config.serverExternalPackages!.length).toBe(SERVER_EXTERNAL_PACKAGES.length + 1);
  });

  test('wraps the function form of next.config', async () => {
    const wrapped = withOtelkit((phase: string) => ({ env: { phase } }) as Record<string, unknown>);
    const config = await wrapped('phase-production-build');
    expect(config.env).toEqual({ phase: 'phase-production-build' });
    expect(config.serverExternalPackages).toEqual(SERVER_EXTERNAL_PACKAGES);
  });
});
