import { processDiagnostics } from '@otelkit/core';
import { leanIncomingRequestAttributes, type UpstreamHttpUtils } from './lean-incoming-attributes';

/**
 * The instrumentation-http version the lean builder was checked against (its unit test runs both over a table of
 * requests, and asserts this equals the pnpm catalog's pin): any other version keeps upstream's builder.
 */
export const LEAN_ATTRIBUTES_CHECKED_VERSION = '0.223.0';

const installed = Symbol.for('otelkit.leanIncomingRequestAttributes');

type UtilsExports = { -readonly [K in keyof UpstreamHttpUtils]?: UpstreamHttpUtils[K] } & Record<
  PropertyKey,
  unknown
>;

/**
 * instrumentation-http's `utils` exports and its default redacted query keys, when the installed version is the one
 * otelkit's lean parts were checked against; otherwise undefined, with one debug line saying `what` keeps upstream's.
 */
export function checkedUpstreamHttp(
  what: string,
): { utils: UtilsExports; defaults: readonly string[] } | undefined {
  const diag = processDiagnostics('@otelkit/node');
  const { version } = require('@opentelemetry/instrumentation-http/package.json') as {
    version: string;
  };
  if (version !== LEAN_ATTRIBUTES_CHECKED_VERSION) {
    diag.debug(
      `instrumentation-http ${version} keeps its own ${what} (otelkit's checked against ${LEAN_ATTRIBUTES_CHECKED_VERSION})`,
    );
    return undefined;
  }
  const utils = require('@opentelemetry/instrumentation-http/build/src/utils') as UtilsExports;
  const { DEFAULT_QUERY_STRINGS_TO_REDACT: defaults } =
    require('@opentelemetry/instrumentation-http/build/src/internal-types') as {
      DEFAULT_QUERY_STRINGS_TO_REDACT?: unknown;
    };
  if (!Array.isArray(defaults)) {
    diag.debug(`instrumentation-http keeps its own ${what} (unexpected module shape)`);
    return undefined;
  }
  return { utils, defaults: Object.freeze([...(defaults as string[])]) };
}

/**
 * Puts the lean incoming-request attribute builder in place of upstream's on instrumentation-http's utils module.
 * Upstream's http.js reads `utils_1.getIncomingRequestAttributes` from that exports object at every request, so the
 * replacement takes effect for every server span without patching anything else. Left as upstream's (one debug line)
 * when the version is not the checked one or the module does not look as expected. Never throws.
 */
export function installLeanIncomingAttributes(): boolean {
  const diag = processDiagnostics('@otelkit/node');
  try {
    const checked = checkedUpstreamHttp('request attributes');
    if (checked === undefined) return false;
    const { utils, defaults } = checked;
    if (utils[installed]) return true;
    const { getIncomingRequestAttributes, getRemoteClientAddress } = utils;
    if (
      typeof getIncomingRequestAttributes !== 'function' ||
      typeof getRemoteClientAddress !== 'function'
    ) {
      diag.debug('instrumentation-http keeps its own request attributes (unexpected module shape)');
      return false;
    }
    utils.getIncomingRequestAttributes = leanIncomingRequestAttributes(
      { getIncomingRequestAttributes, getRemoteClientAddress },
      defaults,
    );
    utils[installed] = true;
    return true;
  } catch (error) {
    diag.debug(
      `instrumentation-http keeps its own request attributes: ${(error as Error)?.message ?? error}`,
    );
    return false;
  }
}
