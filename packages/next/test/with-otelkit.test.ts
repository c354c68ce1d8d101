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

  // Type checks, run by `pnpm typecheck`: a config typed like Next.js's `NextConfig` (an interface without an index
  // signature) goes in, the caller's type comes out, for both forms of next.config. Not `next`'s own type: importing
  // it would add Next.js's global declarations (a required `process.env.NODE_ENV`) to every test of the type check;
  // examples/nextjs's `next build` type-checks the real one.
  interface NextConfig {
    reactStrictMode?: boolean;
    distDir?: string;
    serverExternalPackages?: string[];
    env?: Record<string, string | undefined>;
  }
  test("takes Next.js's NextConfig and returns the caller's type", async () => {
    const typed: NextConfig = { reactStrictMode: true, serverExternalPackages: ['sharp'] };
    const config: NextConfig = withOtelkit(typed);
    expect(config.serverExternalPackages).toEqual(['sharp', ...SERVER_EXTERNAL_PACKAGES]);

    const fn = (phase: string, ctx: { defaultConfig: NextConfig }): Promise<NextConfig> =>
      Promise.resolve({ ...ctx.defaultConfig, distDir: `.next-${phase}` });
    const wrapped: (phase: string, ctx: { defaultConfig: NextConfig }) => Promise<NextConfig> =
      withOtelkit(fn);
    const built = await wrapped('build', { defaultConfig: {} });
    expect(built).toEqual({
      distDir: '.next-build',
      serverExternalPackages: SERVER_EXTERNAL_PACKAGES,
    });
  });
});
