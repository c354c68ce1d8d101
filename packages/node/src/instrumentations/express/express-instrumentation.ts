import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { distroVersion } from '../../version';
import type { ExpressLeanConfig } from './config';
import { layerPathOf } from './layer-path';
import type { LayerLike } from './layer-view';
import { wrapLayerHandle, type HandleOwner } from './layer-handle';

type Method = (this: RouterLike, ...args: unknown[]) => unknown;
interface RouterLike {
  stack: LayerLike[];
  route: Method;
  use: Method;
}
interface ApplicationLike {
  use: Method;
  router?: RouterLike;
  _router?: RouterLike;
}
interface ExpressExports {
  Router: RouterLike & { prototype?: RouterLike };
  application: ApplicationLike;
}

const kPatched = Symbol('otelkit.express.layer-patched');

/**
 * Spans for express 4 and 5 (the versions upstream's supports): the same span names, kinds, parents and attributes as
 * `@opentelemetry/instrumentation-express` (and `http.route` on the HTTP server span), for less CPU per request
 * (layer-handle.ts says where it is saved). Upstream's stays available as `express-upstream`.
 */
export class ExpressInstrumentation extends InstrumentationBase<ExpressLeanConfig> {
  // The tracer is protected; the wrapped handles read it (and the config, which setConfig replaces) through this.
  private readonly owner: HandleOwner;

  constructor(config: ExpressLeanConfig = {}) {
    super('@otelkit/instrumentation-express', distroVersion, config);
    const tracer = () => this.tracer;
    this.owner = {
      get tracer() {
        return tracer();
      },
      getConfig: () => this.getConfig(),
    };
  }

  protected init(): InstrumentationNodeModuleDefinition {
    return new InstrumentationNodeModuleDefinition(
      'express',
      ['>=4.0.0 <6'],
      (exports: ExpressExports) => {
        const { router, express5 } = routerOf(exports);
        this.rewrap(router, 'route', (original) => this.patchAdd(original, (self) => self));
        this.rewrap(router, 'use', (original) => this.patchAdd(original, (self) => self));
        // Reading `app.router` throws in express 4 (it was removed there and came back in 5).
        this.rewrap(exports.application, 'use', (original) =>
          this.patchAdd(original, (self) =>
            express5
              ? (self as unknown as ApplicationLike).router
              : (self as unknown as ApplicationLike)._router,
          ),
        );
        return exports;
      },
      (exports: ExpressExports | undefined) => {
        if (exports === undefined) return;
        const { router } = routerOf(exports);
        this._unwrap(router, 'route');
        this._unwrap(router, 'use');
        this._unwrap(exports.application, 'use');
      },
    );
  }

  private rewrap<T extends object>(
    target: T,
    name: keyof T & string,
    wrapper: (original: Method) => Method,
  ) {
    if (isWrapped(target[name])) this._unwrap(target, name);
    this._wrap(target, name, wrapper as never);
  }

  /** Wraps `use`/`route`: the layer it adds (the last of the router's stack) gets its handle wrapped, once. */
  private patchAdd(
    original: Method,
    routerOfSelf: (self: RouterLike) => RouterLike | undefined,
  ): Method {
    const patchLayer = (layer: LayerLike | undefined, args: unknown[]) =>
      this.patchLayer(layer, args);
    return function otelkitExpressAdd(this: RouterLike, ...args: unknown[]) {
      // The router as it was before the call, as upstream reads it: an express 4 app has none before its first `use`
      // (which makes it); that layer is seen by the router's own patched `use`.
      const router = routerOfSelf(this);
      const result = original.apply(this, args);
      if (router !== undefined) patchLayer(router.stack[router.stack.length - 1], args);
      return result;
    };
  }

  private patchLayer(
    layer: (LayerLike & { [kPatched]?: true }) | undefined,
    args: unknown[],
  ): void {
    if (layer === undefined || layer[kPatched] === true) return;
    layer[kPatched] = true;
    const layerPath = layerPathOf(args);
    this._wrap(layer, 'handle', ((original: Parameters<typeof wrapLayerHandle>[3]) => {
      // Error handlers keep their handle: upstream gives them no span (express tells them by their 4 parameters).
      if (original.length === 4) return original;
      const patched = wrapLayerHandle(this.owner, layer, layerPath, original);
      // A handle can carry state (a router's stack, a sub-app's settings), own or inherited: proxy every
      // enumerable property to the original.
      for (const key in original) {
        Object.defineProperty(patched, key, {
          get: () => (original as unknown as Record<string, unknown>)[key],
          set: (value: unknown) => {
            (original as unknown as Record<string, unknown>)[key] = value;
          },
        });
      }
      return patched;
    }) as never);
  }
}

function routerOf(exports: ExpressExports): { router: RouterLike; express5: boolean } {
  const express5 = typeof exports?.Router?.prototype?.route === 'function';
  return { router: express5 ? exports.Router.prototype! : exports.Router, express5 };
}
