import type { IncomingMessage } from 'node:http';
import { compileIgnore } from '../src/noise-requests';
import type { NextIgnoreOptions } from '../src/types';

const request = (url: string, headers: Record<string, string> = {}) =>
  ({ url, headers }) as unknown as IncomingMessage;

describe('compileIgnore', () => {
  test.each<
    [string, NextIgnoreOptions | false | undefined, string, Record<string, string>, boolean]
  >([
    ['static chunk, default', undefined, '/_next/static/chunks/main.js', {}, true],
    ['image optimizer, default', undefined, '/_next/image?url=%2Fa.png&w=64', {}, true],
    ['favicon, default', undefined, '/favicon.ico', {}, true],
    ['dev HMR socket, default', undefined, '/_next/webpack-hmr', {}, true],
    ['page, default', undefined, '/orders/42', {}, false],
    ['router prefetch header', undefined, '/orders/42', { 'next-router-prefetch': '1' }, true],
    ['browser prefetch header', undefined, '/orders/42', { 'sec-purpose': 'prefetch' }, true],
    [
      'static kept when staticAssets false',
      { staticAssets: false },
      '/_next/static/a.js',
      {},
      false,
    ],
    [
      'prefetch kept when prefetch false',
      { prefetch: false },
      '/a',
      { 'next-router-prefetch': '1' },
      false,
    ],
    ['extra prefix', { paths: ['/health'] }, '/healthz?x=1', {}, true],
    ['extra RegExp on the path only', { paths: [/^\/internal\//] }, '/internal/x?y=1', {}, true],
    ['glob: * stays in one segment', { paths: ['/api/*/health'] }, '/api/v1/health', {}, true],
    ['glob: * does not cross /', { paths: ['/api/*/health'] }, '/api/v1/x/health', {}, false],
    ['glob: ** crosses /', { paths: ['/api/**/health'] }, '/api/v1/x/health', {}, true],
    [
      'a hostile RegExp answers at once (linear-time engine)',
      { paths: [/^\/(a+)+$/] },
      `/${'a'.repeat(30)}!`,
      {},
      false,
    ],
    [
      'custom test',
      { request: (r) => r.headers['x-probe'] === '1' },
      '/a',
      { 'x-probe': '1' },
      true,
    ],
  ])('%s', (_name, options, url, headers, dropped) => {
    expect(compileIgnore(options)!(request(url, headers))).toBe(dropped);
  });

  test('false drops nothing (no hook at all)', () => {
    expect(compileIgnore(false)).toBeUndefined();
  });
});
