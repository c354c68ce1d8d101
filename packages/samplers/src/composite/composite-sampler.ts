import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import type { ComposableSampler, ParentKind, SamplingParams } from '../internal-types';
import { readOt, withThreshold } from '../consistent/ot-trace-state';
import { TRACE_FLAG_RANDOM } from '../consistent/randomness';
import { meets } from './meets';

export interface CompositeOptions {
  /** Record (without sampling) what is not sampled, so an in-process tail sampler can still keep it. */
  recordUnsampled?: boolean;
  /** Called once when a decision presumes trace-id randomness for a remote parent without the random flag. */
  warn?: (message: string) => void;
}

/**
 * Turns a composable sampler's intent into the SDK decision and the span's tracestate: `th` is written when
 * the span is sampled with a known probability and erased otherwise; `rv` and every other entry are kept.
 */
export class CompositeSampler implements Sampler {
  private readonly _root: ComposableSampler;
  private readonly _unsampled: SamplingDecision;
  private _warn: ((message: string) => void) | undefined;

  constructor(root: ComposableSampler, options: CompositeOptions = {}) {
    this._root = root;
    this._unsampled = options.recordUnsampled
      ? SamplingDecision.RECORD
      : SamplingDecision.NOT_RECORD;
    this._warn = options.warn;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parentSpan = trace.getSpan(context);
    const candidate = parentSpan?.spanContext();
    const parent = candidate !== undefined && isSpanContextValid(candidate) ? candidate : undefined;
    const parentKind: ParentKind =
      parent === undefined ? 'none' : parent.isRemote ? 'remote' : 'local';
    const params: SamplingParams = {
      context,
      traceId,
      spanName,
      spanKind,
      attributes,
      links,
      parent,
      parentKind,
      // An ended SDK span no longer records but was recorded: its late children stay recordable.
      parentRecording:
        parentSpan !== undefined &&
        (parentSpan.isRecording() || (parentSpan as Partial<ReadableSpan>).ended === true),
      ot: readOt(parent?.traceState),
    };
    const intent = this._root.intent(params);
    const threshold = intent.threshold;
    const sampled = threshold !== undefined && meets(params, threshold);
    if (this._warn !== undefined && threshold !== undefined && threshold.value !== 0n)
      this._checkRandomFlag(params);
    const traceState = withThreshold(
      parent?.traceState,
      sampled && intent.reliable ? threshold.encoded : undefined,
    );
    const decision = sampled
      ? SamplingDecision.RECORD_AND_SAMPLED
      : intent.hardDrop
        ? SamplingDecision.NOT_RECORD
        : this._unsampled;
    return { decision, traceState };
  }

  toString(): string {
    return this._root.toString();
  }

  private _checkRandomFlag(params: SamplingParams): void {
    if (params.parentKind !== 'remote' || params.ot.rv !== undefined) return;
    if ((params.parent!.traceFlags & TRACE_FLAG_RANDOM) !== 0) return;
    const warn = this._warn!;
    this._warn = undefined;
    warn(
      'a remote parent has no W3C random trace flag and no explicit rv; sampling presumes its trace id is random. ' +
        'Upgrade callers to W3C Trace Context Level 2 so probabilities stay consistent across services.',
    );
  }
}
