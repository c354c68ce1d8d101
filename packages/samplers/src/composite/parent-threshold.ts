import { TraceFlags } from '@opentelemetry/api';
import type {
  ComposableSampler,
  SamplingIntent,
  SamplingParams,
  Threshold,
} from '../internal-types';
import { ALWAYS_UNKNOWN, DROPPED, NOT_SAMPLED } from './intents';
import { meets } from './meets';

/**
 * Parent-based composition with the spec's threshold obligations: a sampled parent's `th` is propagated only
 * when it is consistent (`R >= th`), otherwise erased; a sampled parent without `th` gives an unknown
 * probability (no `th`); an unsampled parent's children are not sampled. Roots go to `root`.
 */
export function parentThreshold(root: ComposableSampler): ComposableSampler {
  return {
    intent(params: SamplingParams): SamplingIntent {
      return params.parentKind === 'none' ? root.intent(params) : followParent(params);
    },
    toString: () => `ParentThreshold{root=${root}}`,
  };
}

export function followParent(params: SamplingParams): SamplingIntent {
  if ((params.parent!.traceFlags & TraceFlags.SAMPLED) === 0) {
    // A local parent that is not recording was dropped outright: its subtree must not be recorded either.
    return params.parentKind === 'local' && !params.parentRecording ? DROPPED : NOT_SAMPLED;
  }
  const threshold = params.ot.threshold;
  if (threshold !== undefined && meets(params, threshold)) return inheritedIntent(threshold);
  return ALWAYS_UNKNOWN;
}

// Thresholds decoded from a tracestate are cached with it, so children of one parent share one intent.
const inherited = new WeakMap<Threshold, SamplingIntent>();

function inheritedIntent(threshold: Threshold): SamplingIntent {
  let intent = inherited.get(threshold);
  if (intent === undefined) {
    intent = Object.freeze({ threshold, reliable: true });
    inherited.set(threshold, intent);
  }
  return intent;
}
