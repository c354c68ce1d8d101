import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../internal-types';

/** The head sampler of the standard `OTEL_TRACES_SAMPLER` names, with a description for the startup line. */
export function createSampler(choice: ResolvedConfig['sampler']): {
  sampler: Sampler;
  description: string;
} {
  if (!('name' in choice && 'arg' in choice)) {
    return { sampler: choice, description: choice.toString() };
  }
  const { name, arg } = choice;
  const ratio = new TraceIdRatioBasedSampler(arg);
  const byName: Record<string, () => Sampler> = {
    always_on: () => new AlwaysOnSampler(),
    always_off: () => new AlwaysOffSampler(),
    traceidratio: () => ratio,
    parentbased_always_on: () => new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    parentbased_always_off: () => new ParentBasedSampler({ root: new AlwaysOffSampler() }),
    parentbased_traceidratio: () => new ParentBasedSampler({ root: ratio }),
  };
  return {
    sampler: byName[name](),
    description: name.endsWith('traceidratio') ? `${name}(${arg})` : name,
  };
}
