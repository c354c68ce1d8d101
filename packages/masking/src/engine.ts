import { TraceFlags } from '@opentelemetry/api';
import type {
  AttrBag,
  CompiledCondition,
  CompiledOp,
  CompiledTransform,
  MaskContext,
  MutableSpan,
} from './internal-types';
import {
  DELETE,
  T_ATTRIBUTES,
  T_EVENTS,
  T_LINKS,
  T_NAME,
  T_RESOURCE,
  T_STATUS,
} from './internal-types';
import { compileRules } from './compile-rules';
import { KeyPlans } from './key-plans';
import { ValueMasker } from './mask-value';
import type { NormalizedOptions } from './normalize-options';
import type { OpList } from './op-list';
import { opList } from './op-list';
import { compileKeyMatcher } from './patterns';

const URL_MASKS = ['REDACTED', 'REDACTED:REDACTED'];

function createContext(o: NormalizedOptions, masks: readonly string[]): MaskContext {
  const known = new Set([o.mask, ...URL_MASKS, ...masks]);
  const reported = new Set<string>();
  return {
    count: 0,
    mask: o.mask,
    maxValueLength: o.maxValueLength,
    isMask: (text) => known.has(text),
    report(label, err) {
      if (reported.has(label)) return;
      reported.add(label);
      o.diagnostics.warn(
        `${label} failed (${err instanceof Error ? err.message : String(err)}); the values it touched were masked instead`,
      );
    },
  };
}

/** Compiles everything once; maskSpan() then edits one writable span in place. */
export class MaskingEngine {
  private readonly ctx: MaskContext;
  private readonly values: ValueMasker;
  private readonly plans: KeyPlans;
  private readonly whereOps: readonly CompiledOp[];
  private readonly nameOps: OpList;
  private readonly statusOps: OpList;
  private readonly transforms: readonly CompiledTransform[];
  private readonly drops: readonly CompiledCondition[];
  private readonly summaryKey: string | undefined;
  private readonly maskResources: boolean;
  private readonly doneResources = new WeakSet<object>();
  /** Spans of one provider share one resource: this spares the WeakSet lookup on every span. */
  private lastResource: object | undefined;

  constructor(o: NormalizedOptions) {
    const ruleMasks = o.rules
      .map((r) => (r as { mask?: unknown }).mask)
      .filter((m): m is string => typeof m === 'string');
    this.ctx = createContext(o, ruleMasks);
    const { ops, drops, transforms } = compileRules(o.rules, o.detectors, {
      ctx: this.ctx,
      mask: o.mask,
      hashKey: o.hashKey,
    });
    const allow =
      o.allowKeys === undefined ? undefined : compileKeyMatcher(o.allowKeys, 'allowKeys');
    const ignore =
      o.ignoreKeys === undefined ? undefined : compileKeyMatcher(o.ignoreKeys, 'ignoreKeys');
    this.values = new ValueMasker(this.ctx, ops.length);
    this.plans = new KeyPlans(ops, allow, ignore);
    this.whereOps = ops.filter((op) => op.where !== undefined);
    const keyless = ops.filter((op) => op.keys === undefined && op.mode === 'scan');
    this.nameOps = opList(keyless.filter((op) => (op.targets & T_NAME) !== 0));
    this.statusOps = opList(keyless.filter((op) => (op.targets & T_STATUS) !== 0));
    this.transforms = transforms;
    this.drops = drops;
    this.summaryKey = o.summaryAttribute;
    this.maskResources = o.resource;
  }

  /** Masks the span; on an unexpected failure every string it carries is masked (fail closed). */
  process(span: MutableSpan): void {
    try {
      this.maskSpan(span);
    } catch (err) {
      this.ctx.report('masking', err);
      this.scrub(span);
    }
  }

  maskSpan(span: MutableSpan): void {
    const resource = span.resource;
    if (this.maskResources && resource !== undefined && resource !== this.lastResource) {
      if (!this.doneResources.has(resource)) this.maskResource(resource);
      // Only a resource that is done may skip the check (one still waiting on async detectors is retried).
      if (this.doneResources.has(resource)) this.lastResource = resource;
    }
    const ctx = this.ctx;
    ctx.count = 0;
    const drops = this.drops;
    for (let i = 0; i < drops.length; i++) if (drops[i].test(span)) return dropSpan(span);
    const transforms = this.transforms;
    for (let i = 0; i < transforms.length; i++) {
      const t = transforms[i];
      try {
        if (t.where === undefined || t.where.test(span)) t.apply(span);
      } catch (err) {
        ctx.report(t.label, err);
      }
    }
    const whereOps = this.whereOps;
    const active = this.values.active;
    for (let i = 0; i < whereOps.length; i++) {
      const op = whereOps[i];
      active[op.id] = (op.where as CompiledCondition).test(span) ? 1 : 0;
    }
    this.maskBag(span.attributes, T_ATTRIBUTES);
    const { events, links } = span;
    for (let i = 0; i < events.length; i++) {
      const attributes = events[i].attributes;
      if (attributes !== undefined) this.maskBag(attributes, T_EVENTS);
    }
    for (let i = 0; i < links.length; i++) {
      const attributes = links[i].attributes;
      if (attributes !== undefined) this.maskBag(attributes, T_LINKS);
    }
    if (this.nameOps.ops.length > 0) {
      const name = this.values.maskString(span.name, this.nameOps, T_NAME);
      if (name !== span.name) span.name = name === DELETE ? ctx.mask : name;
    }
    const message = span.status.message;
    if (message !== undefined && message !== '' && this.statusOps.ops.length > 0) {
      const out = this.values.maskString(message, this.statusOps, T_STATUS);
      if (out !== message)
        span.status = { ...span.status, message: out === DELETE ? ctx.mask : out };
    }
    if (ctx.count > 0 && this.summaryKey !== undefined)
      span.attributes[this.summaryKey] = ctx.count;
  }

  /** Edits attributes in place: direct writes and deletes skip the SDK's attribute limits, which already ran. */
  private maskBag(bag: AttrBag, target: number): void {
    const summaryKey = this.summaryKey;
    const plans = this.plans;
    // Span attributes use the positional plan cache; events, links and the resource have shapes of their own.
    let position = target === T_ATTRIBUTES ? 0 : -1;
    for (const key in bag) {
      if (key === summaryKey) continue;
      const plan = position < 0 ? plans.get(key) : plans.at(key, position++);
      if (!plan.allowed && target === T_ATTRIBUTES) {
        delete bag[key];
        this.ctx.count++;
        continue;
      }
      if (plan.ops.length === 0) continue;
      const value = bag[key];
      const out = this.values.mask(value, plan, target);
      if (out === value) continue;
      if (out === DELETE) delete bag[key];
      else bag[key] = out;
    }
  }

  /**
   * Resource attributes are shared by every span, so they are masked once, in place. A resource still waiting on
   * async detectors is retried on a later span. Rules with `where` do not apply here (there is no span to test).
   */
  private maskResource(resource: NonNullable<MutableSpan['resource']>): void {
    if (resource.asyncAttributesPending === true) return;
    this.doneResources.add(resource);
    this.values.active.fill(0);
    this.maskBag(resource.attributes, T_RESOURCE);
  }

  private scrub(span: MutableSpan): void {
    const mask = this.ctx.mask;
    const bags = [
      span.attributes,
      ...span.events.map((e) => e.attributes),
      ...span.links.map((l) => l.attributes),
    ];
    for (const bag of bags) {
      if (bag === undefined) continue;
      for (const key in bag)
        if (typeof bag[key] !== 'number' && typeof bag[key] !== 'boolean') bag[key] = mask;
    }
    if (span.status.message) span.status = { ...span.status, message: mask };
  }
}

/** Drops a span: nothing it carries is kept, and clearing its sampled flag makes span processors skip export. */
function dropSpan(span: MutableSpan): void {
  for (const key in span.attributes) delete span.attributes[key];
  span.events.length = 0;
  span.links.length = 0;
  const context = span.spanContext();
  const holder = span as unknown as { _spanContext?: unknown };
  if ('_spanContext' in holder)
    holder._spanContext = { ...context, traceFlags: context.traceFlags & ~TraceFlags.SAMPLED };
}
