'use strict';
// Unit tests run straight from TypeScript sources (no build); integration tests run the built
// packages in child processes, so `pnpm test` builds first.
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }];
// The upstream OTLP exporters load node:http with a dynamic import(), which jest's VM refuses
// without --experimental-vm-modules; compiling that one package to require() lets unit tests
// export through the real exporters.
const swcJs = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } } }];
const exporterBase = 'otlp-exporter-base/build/src/.+\\.js$';

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc, [exporterBase]: swcJs },
      transformIgnorePatterns: [
        '/node_modules/(?!(\\.pnpm/)?@opentelemetry[+/]otlp-exporter-base)',
      ],
      moduleNameMapper: {
        '^@otelkit/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
        // The lean `distro` entries of propagators and samplers (their package.json `exports`).
        '^@otelkit/([a-z-]+)/distro$': '<rootDir>/packages/$1/src/distro.ts',
      },
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      setupFiles: ['<rootDir>/test/integration/support/no-proxy-env.ts'],
      testEnvironment: 'node',
      slowTestThreshold: 30,
    },
  ],
};
