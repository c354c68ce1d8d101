import { DEFAULT_STRIP_PARAMS, stripParams, stripQuery } from '../src/query-noise';

describe('stripParams', () => {
  test.each([
    ['/orders/42?_rsc=abc12', '/orders/42'],
    ['/orders/42?_rsc=abc12&page=2', '/orders/42?page=2'],
    ['/orders/42?page=2&_rsc=abc12', '/orders/42?page=2'],
    ['/orders/42?page=2&_rsc=abc12#top', '/orders/42?page=2#top'],
    ['http://shop/orders/42?__nextDataReq=1&_rsc=x', 'http://shop/orders/42'],
    ['/orders/42?my_rsc=1', '/orders/42?my_rsc=1'],
    ['/orders/42', '/orders/42'],
    ['GET /orders/42?_rsc=1', 'GET /orders/42'],
  ])('%s → %s', (input, expected) => {
    expect(stripParams(input, DEFAULT_STRIP_PARAMS)).toBe(expected);
  });

  test('returns the same string when nothing applies (no copy)', () => {
    const value = '/orders/42?page=2';
    expect(stripParams(value, DEFAULT_STRIP_PARAMS)).toBe(value);
  });

  test.each([
    ['_rsc=abc12', ''],
    ['a=1&_rsc=abc12', 'a=1'],
    ['a=1', 'a=1'],
  ])('url.query %s → %s', (input, expected) => {
    expect(stripQuery(input, DEFAULT_STRIP_PARAMS)).toBe(expected);
  });
});
