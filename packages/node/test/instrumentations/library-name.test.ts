import { libraryOfRequest, libraryOfUrl } from '../../src/instrumentations/library-name';

describe('which library a load belongs to', () => {
  test.each([
    ['express', undefined, 'express'],
    ['express/lib/router', undefined, 'express'],
    ['@redis/client', undefined, '@redis/client'],
    ['@redis/client/dist/lib/client/index.js', undefined, '@redis/client'],
    ['http', undefined, 'http'],
    ['node:http', undefined, 'http'],
    ['fs/promises', undefined, 'fs'],
    ['node:fs/promises', undefined, 'fs'],
    // a library's own files: how a CommonJS library imported from ESM is first seen
    ['./lib/express', '/app/node_modules/express/index.js', 'express'],
    ['../client', '/app/node_modules/.pnpm/pg@8/node_modules/pg/lib/native/index.js', 'pg'],
    ['/app/node_modules/pg/lib/index.js', '/app/src/db.js', 'pg'],
    // the app's own files
    ['./routes', '/app/src/server.js', undefined],
    ['/app/src/routes.js', '/app/src/server.js', undefined],
    ['./routes', undefined, undefined],
  ])('require(%j) from %s → %s', (id, parent, library) => {
    expect(libraryOfRequest(id, parent)).toBe(library);
  });

  test.each([
    ['node:http', 'http'],
    ['node:fs/promises', 'fs'],
    ['file:///app/node_modules/express/index.js', 'express'],
    ['file:///app/node_modules/@nestjs/core/index.js', '@nestjs/core'],
    ['file:///app/src/server.mjs', undefined],
    ['data:text/javascript,1', undefined],
  ])('import of %s → %s', (url, library) => {
    expect(libraryOfUrl(url)).toBe(library);
  });
});
