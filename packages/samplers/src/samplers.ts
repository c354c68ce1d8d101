import type { Sampler } from '@opentelemetry/sdk-trace-base';
import type { RuleSamplerConfig } from './types';
import { CompositeSampler } from './composite/composite-sampler';
import { ratioSampler } from './composite/ratio';
import { checkPrecision, checkRatio } from './rules/compile-action';
import { ruleBasedSampler } from './rules/rule-based';

/** Options shared by the sampler factories. */
export interface SamplerOptions {
  /** Record unsampled spans (sampled flag off) so an in-process tail sampler can still keep them. Default false. */
  recordUnsampled?: boolean;
  /** Receives the one-time Trace Context Level 2 compatibility warning. */
  warn?: (message: string) => void;
  /** Milliseconds from a monotonic clock, for rate limits; defaults to performance.now. For tests. */
  clock?: () => number;
}

/**
 * Rules-based consistent head sampler: ordered rules (first match wins), then the parent's decision for
 * spans with a parent, then `default` for roots. Throws a clear Error on an invalid configuration.
 */
export function createRuleBasedSampler(
  config: RuleSamplerConfig,
  options: SamplerOptions = {},
): Sampler {
  const root = ruleBasedSampler(config, options.clock);
  return new CompositeSampler(root, {
    recordUnsampled: options.recordUnsampled ?? config.recordUnsampled,
    warn: options.warn,
  });
}

/**
 * Consistent probability sampler per the OTel spec (`th`/`rv` in the `ot` tracestate entry). Parent-based by
 * default (children follow their parent, with the spec's threshold checks); `parentBased: false` gives the
 * bare TraceIdRatioBased sampler that decides every span from the trace randomness.
 */
export function createConsistentRatioSampler(
  ratio: number,
  options: SamplerOptions & { parentBased?: boolean; precision?: number } = {},
): Sampler {
  checkRatio(ratio, 'ratio');
  if (options.parentBased === false) {
    checkPrecision(options.precision);
    return new CompositeSampler(ratioSampler(ratio, options.precision), options);
  }
  return createRuleBasedSampler({ default: ratio, precision: options.precision }, options);
}

/**
 * At most `perSecond` new traces per second per process (plus `burst`), consistently: kept spans carry the
 * power-of-two probability in effect as `th`. `ratio` is applied first when given. Parent-based.
 */
export function createRateLimitingSampler(
  limits: { perSecond: number; burst?: number; ratio?: number },
  options: SamplerOptions = {},
): Sampler {
  return createRuleBasedSampler(
    { default: { limit: limits.perSecond, burst: limits.burst, ratio: limits.ratio } },
    options,
  );
}
