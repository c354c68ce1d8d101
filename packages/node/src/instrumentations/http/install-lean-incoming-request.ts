import { processDiagnostics } from '@otelkit/core';
import { checkedUpstreamHttp } from './install-lean-attributes';
import {
  leanIncomingRequestFunction,
  type UpstreamHttpInstrumentation,
  type UpstreamServerUtils,
} from './lean-incoming-request';

type Emit = Parameters<typeof leanIncomingRequestFunction>[4];
type IncomingRequestFunction = (
  this: UpstreamHttpInstrumentation,
  component: 'http' | 'https',
  original: Emit,
) => Emit;

const installed = Symbol.for('otelkit.leanIncomingRequest');

/** The upstream `_incomingRequestFunction` the lean one replaced, for the equality test. */
export function upstreamIncomingRequestFunction(
  instrumentationClass: unknown,
): IncomingRequestFunction | undefined {
  const proto = (instrumentationClass as { prototype?: Record<PropertyKey, unknown> })?.prototype;
  return proto?.[installed] as IncomingRequestFunction | undefined;
}

/**
 * Makes otelkit's lean server path (lean-incoming-request.ts) the one HttpInstrumentation wraps `Server.prototype.emit`
 * with, by replacing `_incomingRequestFunction` on its prototype: upstream's own is still made alongside, for the
 * requests the lean one hands back. Only at the version the lean path was checked against (the equality test runs
 * both over the same requests), otherwise upstream's is left in place with one debug line. Never throws.
 */
export function installLeanIncomingRequest(instrumentationClass: unknown): boolean {
  const diag = processDiagnostics('@otelkit/node');
  try {
    const checked = checkedUpstreamHttp('server path');
    if (checked === undefined) return false;
    const proto = (instrumentationClass as { prototype?: Record<PropertyKey, unknown> })?.prototype;
    if (proto?.[installed] !== undefined) return true;
    const upstream = proto?._incomingRequestFunction as IncomingRequestFunction | undefined;
    const utils = checked.utils;
    if (
      proto === undefined ||
      typeof upstream !== 'function' ||
      typeof proto._getPatchIncomingRequestFunction !== 'function' ||
      typeof proto._callStartSpanHook !== 'function' ||
      typeof proto._recordServerDuration !== 'function' ||
      typeof utils.getIncomingRequestAttributes !== 'function' ||
      typeof utils.setSpanWithError !== 'function' ||
      typeof utils.parseResponseStatus !== 'function'
    ) {
      diag.debug('instrumentation-http keeps its own server path (unexpected module shape)');
      return false;
    }
    const lean: IncomingRequestFunction = function (component, original) {
      const upstreamFunction = upstream.call(this, component, original);
      try {
        return leanIncomingRequestFunction(
          this,
          utils as unknown as UpstreamServerUtils,
          checked.defaults,
          component,
          original,
          upstreamFunction,
        );
      } catch {
        return upstreamFunction;
      }
    };
    proto._incomingRequestFunction = lean;
    proto[installed] = upstream;
    return true;
  } catch (error) {
    diag.debug(
      `instrumentation-http keeps its own server path: ${(error as Error)?.message ?? error}`,
    );
    return false;
  }
}
