import type { Clock } from '../internal-types';
import type { TailPolicy, TraceSegment } from '../types';
import { TokenBucket } from '../composite/token-bucket';
import { fail } from '../config-error';
import { checkPositive } from '../rules/compile-action';
import { itemName } from '../rules/rule-based';
import { compileCondition } from './compile-condition';
import type { SegmentTest } from './compile-condition';

interface CompiledPolicy {
  readonly test: SegmentTest;
  readonly keep: boolean;
  readonly bucket: TokenBucket | undefined;
}

export type SegmentDecider = (segment: TraceSegment) => boolean;

/** Ordered policies, first match wins; a keep policy over its rate limit lets later policies decide. */
export function compilePolicies(
  policies: TailPolicy[],
  otherwise: 'keep' | 'drop',
  clock: Clock,
): SegmentDecider {
  if (!Array.isArray(policies)) fail('tail.policies', policies, 'an array');
  if (otherwise !== 'keep' && otherwise !== 'drop')
    fail('tail.otherwise', otherwise, 'keep or drop');
  const compiled: CompiledPolicy[] = policies.map((policy, i) => {
    const what = itemName('tail.policies', i, policy);
    if (policy === null || typeof policy !== 'object') fail(what, policy, 'a policy object');
    const decision = policy.decision ?? 'keep';
    if (decision !== 'keep' && decision !== 'drop')
      fail(`${what}.decision`, decision, 'keep or drop');
    let bucket: TokenBucket | undefined;
    if (policy.limit !== undefined) {
      checkPositive(policy.limit, `${what}.limit`);
      const burst = policy.burst ?? Math.max(1, policy.limit);
      checkPositive(burst, `${what}.burst`);
      bucket = new TokenBucket(policy.limit, burst, clock);
    }
    return {
      test: compileCondition(policy.when, `${what}.when`),
      keep: decision === 'keep',
      bucket,
    };
  });
  const fallback = otherwise === 'keep';
  return (segment) => {
    for (const policy of compiled) {
      if (!policy.test(segment)) continue;
      if (!policy.keep) return false;
      if (policy.bucket === undefined || policy.bucket.take()) return true;
    }
    return fallback;
  };
}
