import type { Span } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { IgnoreMatcher, LayerType } from './layer-view';

/** What the hooks are told about the layer a span is for. */
export interface ExpressLayerInfo {
  /** express's request. */
  request: unknown;
  /** The route built by the layers so far (`/users/:id`), `''` before any. */
  route: string;
  layerType: LayerType;
}

/**
 * Options of otelkit's express instrumentation (`instrumentations.config.express`), the same names and meaning as
 * `@opentelemetry/instrumentation-express`'s, so a config written for one works with the other (`express-upstream`).
 */
export interface ExpressLeanConfig extends InstrumentationConfig {
  /**
   * Layers that get no span, matched against the span name (`middleware - query`). Default: express's own layers and
   * the body parsers (express-defaults.ts); a list given replaces it, `[]` traces every layer.
   */
  ignoreLayers?: IgnoreMatcher[];
  /** Layer types that get no span: `router`, `middleware`, `request_handler`. Default none. */
  ignoreLayersType?: LayerType[];
  /** Names a layer's span; its return value (unless nullish) replaces the default name. */
  spanNameHook?: (info: ExpressLayerInfo, defaultName: string) => string;
  /** Called with each layer span as it starts, e.g. to add attributes. */
  requestHook?: (span: Span, info: ExpressLayerInfo) => void;
}
