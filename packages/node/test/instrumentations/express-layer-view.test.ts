import { matchedRouteFor } from '../../src/instrumentations/express/matched-route';
import {
  LayerView,
  layerTypeOf,
  type LayerLike,
  type NamingConfig,
  type RouteEntry,
} from '../../src/instrumentations/express/layer-view';

// A request's route as the layers it passes build it, one mount path at a time (undefined: a layer mounted on no path).
const viewAfter = (
  paths: Array<string | undefined>,
  type = layerTypeOf({ name: 'handle' } as LayerLike),
) => {
  let parent: RouteEntry | undefined;
  let view: LayerView | undefined;
  for (const path of paths) {
    view = new LayerView(parent, type, path);
    if (path !== undefined) parent = view;
  }
  return view!;
};

describe("express layers: the route and http.route upstream's instrumentation reports", () => {
  test.each([
    ['one route', ['/users/:id'], '/users/1', '/users/:id', '/users/:id'],
    [
      'routers and a route',
      ['/', '/api', '/v1', '/items/:id'],
      '/api/v1/items/1',
      '/api/v1/items/:id',
      '/api/v1/items/:id',
    ],
    ['a static route the URL starts with', ['/', '/later'], '/later', '/later', '/later'],
    ['a static router path the URL does not start with', ['/api'], '/other', '/api', undefined],
    ['only root paths, request to /', ['/', '/'], '/', '', '/'],
    ['only root paths, request elsewhere', ['/', '/'], '/missing', '', undefined],
    ['no stored path', [undefined], '/x', '', undefined],
    ['slashes made one', ['/api/', '/items'], '/api/items', '/api/items', '/api/items'],
    ['wildcards left out', ['/*', '/{*rest}', '/a'], '/a', '/a', '/a'],
    ['an array path', ['/first,/second'], '/second', '/first,/second', '/first,/second'],
    ['a lone *', ['*'], '/anything', '*', '*'],
  ])('%s', (_case, paths, url, route, httpRoute) => {
    const view = viewAfter(paths);
    expect(view.route).toBe(route);
    expect(matchedRouteFor(view.matched, url)).toBe(httpRoute);
  });
});

describe('express layers: names, types and ignores', () => {
  const router: LayerLike = {
    name: 'router',
    handle: { stack: [{ name: 'handle', handle: {}, route: { path: '/items/:id' } }] },
  };
  test.each<[string, LayerLike, string | undefined, NamingConfig, string, string, boolean]>([
    [
      'a middleware',
      { name: 'audit', handle: {} },
      undefined,
      {},
      'middleware - audit',
      'middleware',
      false,
    ],
    [
      'a route',
      { name: 'bound dispatch', path: '/u/1', handle: {} },
      '/u/:id',
      {},
      'request handler - /u/:id',
      'request_handler',
      false,
    ],
    [
      'an express 5 route',
      { name: 'handle', path: '/u/1', handle: {} },
      '/u/:id',
      {},
      'request handler - /u/:id',
      'request_handler',
      false,
    ],
    [
      'a router (named after its first route)',
      router,
      '/api',
      {},
      'router - /items/:id',
      'router',
      false,
    ],
    [
      'ignored by name',
      { name: 'query', handle: {} },
      undefined,
      { ignoreLayers: ['middleware - query'] },
      'middleware - query',
      'middleware',
      true,
    ],
    [
      'ignored by RegExp',
      { name: 'jsonParser', handle: {} },
      '/',
      { ignoreLayers: [/Parser$/] },
      'middleware - jsonParser',
      'middleware',
      true,
    ],
    [
      'ignored by function',
      { name: 'audit', handle: {} },
      '/',
      { ignoreLayers: [(n) => n.endsWith('audit')] },
      'middleware - audit',
      'middleware',
      true,
    ],
    [
      'a throwing matcher ignores nothing',
      { name: 'audit', handle: {} },
      '/',
      {
        ignoreLayers: [
          () => {
            throw new Error('x');
          },
        ],
      },
      'middleware - audit',
      'middleware',
      false,
    ],
    [
      'ignored by type',
      { name: 'bound dispatch', path: '/u/1', handle: {} },
      '/u/:id',
      { ignoreLayersType: ['request_handler'] },
      'request handler - /u/:id',
      'request_handler',
      true,
    ],
  ])('%s', (_case, layer, path, config, name, type, ignored) => {
    const view = new LayerView(undefined, layerTypeOf(layer), path);
    view.nameFor(layer, config);
    expect([view.name, view.type, view.ignored]).toEqual([name, type, ignored]);
    expect(view.attributesMatched['express.type']).toBe(type);
    // The shared startSpan options carry exactly these attributes, and nobody can change them between requests.
    expect(view.optionsMatched).toEqual({ attributes: view.attributesMatched });
    expect(view.optionsUnmatched).toEqual({ attributes: view.attributesUnmatched });
    expect([Object.isFrozen(view.optionsMatched), Object.isFrozen(view.optionsUnmatched)]).toEqual([
      true,
      true,
    ]);
  });

  test('a new config object is seen at the next request', () => {
    const layer: LayerLike = { name: 'audit', handle: {} };
    const view = new LayerView(undefined, 'middleware', undefined);
    view.nameFor(layer, {});
    expect(view.ignored).toBe(false);
    view.nameFor(layer, { ignoreLayersType: ['middleware'] });
    expect(view.ignored).toBe(true);
  });
});
