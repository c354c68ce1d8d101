import { modulesLoadedTooEarly, packageNameOf } from '../src/diag/load-order';

describe('load-order detection', () => {
  test.each([
    ['/app/node_modules/express/index.js', 'express'],
    ['/app/node_modules/@prisma/client/index.js', '@prisma/client'],
    ['/app/node_modules/.pnpm/pg@8/node_modules/pg/lib/index.js', 'pg'],
    ['/app/src/server.js', undefined],
  ])('packageNameOf(%s) = %s', (file, name) => {
    expect(packageNameOf(file)).toBe(name);
  });

  test('names instrumented packages already in the require cache, not builtins or unrelated ones', () => {
    const cache = {
      '/app/node_modules/express/index.js': {},
      '/app/node_modules/express/lib/router.js': {},
      '/app/node_modules/lodash/index.js': {},
      '/app/node_modules/pg/lib/index.js': {},
    };
    const found = modulesLoadedTooEarly(['express', 'http', 'pg', 'mysql'], cache);
    expect(found).toEqual(['express', 'pg']);
  });

  test('nothing loaded yet → nothing reported', () => {
    expect(modulesLoadedTooEarly(['express'], {})).toEqual([]);
  });
});
