import { createRuleBasedSampler, TailSamplingProcessor } from '@otelkit/samplers';
import type { RuleSamplerConfig, TailSamplingConfig } from '@otelkit/samplers';
import { setup } from './tracing';

/** Real provider: rule-based head sampler recording unsampled spans, tail processor, in-memory export. */
export function tailSetup(
  tail: TailSamplingConfig,
  head: RuleSamplerConfig = { default: 0 },
  clock?: () => number,
) {
  let tailProcessor!: TailSamplingProcessor;
  const t = setup(createRuleBasedSampler({ ...head, recordUnsampled: true }), (next) => {
    tailProcessor = new TailSamplingProcessor(next, tail, clock);
    return tailProcessor;
  });
  return {
    ...t,
    tail: tailProcessor,
    names: () =>
      t
        .exported()
        .map((s) => s.name)
        .sort(),
  };
}
