'use strict';
// Unit tests run straight from TypeScript sources (no build); integration tests run the built
// packages in child processes, so `pnpm test` builds first.
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper: { '^@otelkit/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts' },
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: 'node',
      slowTestThreshold: 30,
    },
  ],
};
