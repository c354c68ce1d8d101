import { processDiagnostics } from '@otelkit/core';
import { fail, PACKAGE } from '../config-error';
import type { TailCondition, TraceSegment } from '../types';
import { thresholdForProbability } from '../consistent/make-threshold';
import { readOt } from '../consistent/ot-trace-state';
import { randomnessAtLeast } from '../consistent/randomness';
import { checkRatio } from '../rules/compile-action';
import { compileMatcher } from '../rules/matcher';

export type SegmentTest = (segment: TraceSegment) => boolean;

/** Compiles a tail condition once. Throws on unknown types or invalid parameters. */
export function compileCondition(condition: TailCondition, what: string): SegmentTest {
  if (condition === null || typeof condition !== 'object')
    fail(what, condition, 'a condition object');
  switch (condition.type) {
    case 'error':
      return (s) => s.hasError;
    case 'latency': {
      const minMs = condition.minMs;
      if (typeof minMs !== 'number' || !(minMs >= 0)) fail(`${what}.minMs`, minMs, 'a number >= 0');
      return (s) => s.durationMs >= minMs;
    }
    case 'attribute': {
      const key = condition.key;
      if (typeof key !== 'string' || key === '') fail(`${what}.key`, key, 'an attribute name');
      const m = compileMatcher(condition.value ?? { exists: true }, `${what}.value`);
      return (s) => s.spans.some((span) => m(span.attributes[key]));
    }
    case 'head-sampled':
      return (s) => s.headSampled;
    case 'ratio':
      return ratioTest(condition.ratio, what);
    case 'and':
    case 'or': {
      const tests = compileList(condition.conditions, what);
      return condition.type === 'and'
        ? (s) => tests.every((t) => t(s))
        : (s) => tests.some((t) => t(s));
    }
    case 'not': {
      const test = compileCondition(condition.condition, `${what}.condition`);
      return (s) => !test(s);
    }
    case 'predicate':
      return guarded(condition.test, what);
    default:
      return fail(
        `${what}.type`,
        (condition as { type: unknown }).type,
        'one of error, latency, attribute, head-sampled, ratio, and, or, not, predicate',
      );
  }
}

function compileList(conditions: TailCondition[], what: string): SegmentTest[] {
  if (!Array.isArray(conditions) || conditions.length === 0)
    fail(`${what}.conditions`, conditions, 'a non-empty array');
  return conditions.map((c, i) => compileCondition(c, `${what}.conditions[${i}]`));
}

/** Consistent with head sampling: the same `rv`/trace-id randomness against the same kind of threshold. */
function ratioTest(ratio: number, what: string): SegmentTest {
  checkRatio(ratio, `${what}.ratio`);
  if (ratio === 0) return () => false;
  const threshold = thresholdForProbability(ratio).padded;
  return (s) => {
    const rv = s.spans.length > 0 ? readOt(s.spans[0]!.spanContext().traceState).rv : undefined;
    return rv === undefined
      ? randomnessAtLeast(s.traceId, 18, threshold)
      : randomnessAtLeast(rv, 0, threshold);
  };
}

// A throwing user predicate must not break span processing: it counts as "no match".
function guarded(test: unknown, what: string): SegmentTest {
  if (typeof test !== 'function') fail(`${what}.test`, test, 'a function');
  const diagnostics = processDiagnostics(PACKAGE);
  return (s) => {
    try {
      return test(s) === true;
    } catch (error) {
      diagnostics.warnOnce(
        `tail predicate ${what}`,
        `tail predicate ${what} threw (${(error as Error)?.message}); it counts as no match`,
      );
      return false;
    }
  };
}
