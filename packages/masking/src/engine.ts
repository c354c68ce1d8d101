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
import type { KeyPlan } from './key-plans';
import { KeyPlans, SPAN_KINDS } from './key-plans';
import { KnownSecrets } from './known-secrets';
import { ValueMasker } from './mask-value';
import type { NormalizedOptions } from './normalize-options';
import type { OpList } from './op-list';
import { opList } from './op-list';
import { ValueMemo } from './value-memo';
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

/** A value changed while secrets were collected during the pass, and what it was. */
interface Changed {
  readonly bag: AttrBag;
  readonly key: string;
  readonly value: unknown;
  readonly plan: KeyPlan;
  readonly target: number;
  /** How many secrets were masked in it first (0 when none was known, or the walk began before one was). */
  readonly known: number;
  /** How many masks that counted. */
  readonly counted: number;
}

/** Compiles everything once; maskSpan() then edits one writable span in place. */
export class MaskingEngine {
  private readonly ctx: MaskContext;
  private readonly values: ValueMasker;
  private readonly secrets: KnownSecrets;
  /** Detector secret-reuse is on. */
  private readonly reuse: boolean;
  /** Secret values are collected during the pass (not before it); false while the resource is masked. */
  private collectInPass = false;
  /** The previous span had a secret key: this one's secret values are collected before the pass. */
  private lastHadSecret = false;
  /** The values a rule or detector changed during the pass, with what they were: redone when a secret came later. */
  private readonly changed: Changed[] = [];
  private readonly plans: KeyPlans;
  private readonly whereOps: readonly CompiledOp[];
  private readonly nameOps: OpList;
  private readonly nameMemos: ValueMemo[] | undefined;
  private readonly statusOps: OpList;
  private readonly transforms: readonly CompiledTransform[];
  private readonly drops: readonly CompiledCondition[];
  private readonly summaryKey: string | undefined;
  private readonly maskResources: boolean;
  private readonly doneResources = new WeakSet<object>();
  /** The span's kind when it is a SpanKind (0 to 4), else 0: the row of the positional plan cache. */
  private kind = 0;
  /** Spans of one provider share one resource: this spares the WeakSet lookup on every span. */
  private lastResource: object | undefined;

  constructor(o: NormalizedOptions) {
    const ruleMasks = o.rules
      .map((r) => (r as { mask?: unknown }).mask)
      .filter((m): m is string => typeof m === 'string');
    this.ctx = createContext(o, ruleMasks);
    const { ops, drops, transforms, secretKeys } = compileRules(o.rules, o.detectors, {
      ctx: this.ctx,
      mask: o.mask,
      hashKey: o.hashKey,
    });
    const allow =
      o.allowKeys === undefined ? undefined : compileKeyMatcher(o.allowKeys, 'allowKeys');
    const ignore =
      o.ignoreKeys === undefined ? undefined : compileKeyMatcher(o.ignoreKeys, 'ignoreKeys');
    this.secrets = new KnownSecrets(this.ctx);
    this.reuse = secretKeys !== undefined;
    this.values = new ValueMasker(this.ctx, ops.length);
    this.plans = new KeyPlans(ops, allow, ignore, secretKeys);
    this.whereOps = ops.filter((op) => op.where !== undefined);
    const keyless = ops.filter((op) => op.keys === undefined && op.mode === 'scan');
    this.nameOps = opList(keyless.filter((op) => (op.targets & T_NAME) !== 0));
    this.nameMemos = this.nameOps.ops.every((op) => op.where === undefined)
      ? Array.from({ length: SPAN_KINDS }, () => new ValueMemo())
      : undefined;
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
    // Normally emptied at the end; a span whose masking threw must not leave its values to the next.
    this.secrets.clear();
    if (this.changed.length > 0) this.changed.length = 0;
    const resource = span.resource;
    if (this.maskResources && resource !== undefined && resource !== this.lastResource) {
      if (!this.doneResources.has(resource)) this.maskResource(resource);
      // Only a resource that is done may skip the check (one still waiting on async detectors is retried).
      if (this.doneResources.has(resource)) this.lastResource = resource;
    }
    const kind = span.kind;
    this.kind = Number.isInteger(kind) && kind >= 0 && kind < SPAN_KINDS ? kind : 0;
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
    // Secret values must be known before the values repeating them are masked, and a secret key may come after
    // the message that repeats its value. When the previous span had a secret key (spans of one kind come in
    // runs), they are collected in a walk over the keys before the pass. Otherwise that walk would cost every
    // span about 5 % (instructions counted on the benchmark's clean span) for nothing: they are collected as the
    // pass meets them, and what was masked before is masked again after the pass, from the original text.
    const early = this.reuse && this.lastHadSecret;
    if (early) this.collectSecrets(span);
    this.collectInPass = this.reuse && !early;
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
    const secrets = this.secrets.size > 0;
    if (secrets) {
      const name = this.values.maskString(this.secrets.maskIn(span.name), this.nameOps, T_NAME);
      if (name !== span.name) span.name = name === DELETE ? ctx.mask : name;
    } else if (this.nameOps.ops.length > 0) this.maskName(span);
    const message = span.status.message;
    if (message !== undefined && message !== '' && (this.statusOps.ops.length > 0 || secrets)) {
      const input = secrets ? this.secrets.maskIn(message) : message;
      const out = this.values.maskString(input, this.statusOps, T_STATUS);
      if (out !== message)
        span.status = { ...span.status, message: out === DELETE ? ctx.mask : out };
    }
    this.lastHadSecret = this.secrets.size > 0;
    if (this.collectInPass && this.lastHadSecret) this.maskSecretsAgain(span);
    this.collectInPass = false;
    if (this.changed.length > 0) this.changed.length = 0;
    if (ctx.count > 0 && this.summaryKey !== undefined)
      span.attributes[this.summaryKey] = ctx.count;
    this.secrets.clear();
  }

  /**
   * The span name when no secret is known: names repeat even more than attribute values (value-memo.ts). One memo
   * per span kind: a request's SERVER span and its INTERNAL handler spans end in turn, and one memo for both missed.
   */
  private maskName(span: MutableSpan): void {
    const { ctx, values } = this;
    const nameMemo = this.nameMemos?.[this.kind];
    const input = span.name;
    const name =
      nameMemo === undefined
        ? values.maskString(input, this.nameOps, T_NAME)
        : this.maskRemembered(nameMemo, input, this.nameOps, T_NAME);
    if (name !== input) span.name = name === DELETE ? ctx.mask : name;
  }

  /**
   * Values masked before the pass met a secret key did not know its value yet. Those a rule or detector changed
   * are masked again from what they were (a detector may have masked part of a secret and left the rest); the
   * others are searched for the secrets as they are. Name and status come after every bag: they knew.
   */
  private maskSecretsAgain(span: MutableSpan): void {
    const { ctx, changed, secrets } = this;
    for (const c of changed) {
      if (c.known === secrets.size || !c.plan.reuse) continue;
      ctx.count -= c.counted;
      const out = this.values.mask(secrets.maskValue(c.value), c.plan, c.target);
      if (out === DELETE) delete c.bag[c.key];
      else c.bag[c.key] = out;
    }
    this.maskSecretsIn(span.attributes);
    for (const event of span.events) if (event.attributes) this.maskSecretsIn(event.attributes);
    for (const link of span.links) if (link.attributes) this.maskSecretsIn(link.attributes);
  }

  private maskSecretsIn(bag: AttrBag): void {
    for (const key in bag) {
      if (key === this.summaryKey || !this.plans.get(key).reuse) continue;
      const value = bag[key];
      const out = this.secrets.maskValue(value);
      if (out !== value) bag[key] = out;
    }
  }

  /** The values of secret keys in span, event and link attributes, walked as maskBag walks them (plan cache hits). */
  private collectSecrets(span: MutableSpan): void {
    const { plans, secrets, summaryKey } = this;
    const attributes = span.attributes;
    let position = 0;
    for (const key in attributes) {
      if (key === summaryKey) continue;
      if (plans.at(key, this.kind, position++).secret) secrets.add(attributes[key]);
    }
    const { events, links } = span;
    for (let i = 0; i < events.length; i++) this.collectFrom(events[i].attributes);
    for (let i = 0; i < links.length; i++) this.collectFrom(links[i].attributes);
  }

  private collectFrom(bag: AttrBag | undefined): void {
    if (bag === undefined) return;
    for (const key in bag) if (this.plans.get(key).secret) this.secrets.add(bag[key]);
  }

  /** Edits attributes in place: direct writes and deletes skip the SDK's attribute limits, which already ran. */
  private maskBag(bag: AttrBag, target: number): void {
    const { summaryKey, plans, values, secrets, collectInPass: collect } = this;
    // Span attributes use the positional plan cache; events, links and the resource have shapes of their own.
    let position = target === T_ATTRIBUTES ? 0 : -1;
    // Values with no ops of their own are still searched for known secrets.
    const known = secrets.size > 0;
    for (const key in bag) {
      if (key === summaryKey) continue;
      const plan = position < 0 ? plans.get(key) : plans.at(key, this.kind, position++);
      if (!plan.allowed && target === T_ATTRIBUTES) {
        delete bag[key];
        this.ctx.count++;
        continue;
      }
      if (collect && plan.secret) secrets.add(bag[key]);
      const reuse = known && plan.reuse;
      if (plan.ops.length === 0 && !reuse) continue;
      const value = bag[key];
      const before = collect ? this.ctx.count : 0;
      const memo = plan.memo;
      let out: unknown;
      if (memo !== undefined && !reuse && target === T_ATTRIBUTES && typeof value === 'string') {
        // A value equal to the last one under this key gets the same result without a scan: with this and the
        // name memo, masking the HTTP bench server's two spans of a request takes 0.46 µs instead of 1.82 on spans
        // in cache, and 4.2 instead of 9.9 timed inside the server (medians, test/bench/span-pipeline.bench.js).
        out = this.maskRemembered(memo, value, plan, target);
      } else {
        // Known secrets go first, so no detector can split one and leave a piece of it behind.
        out = values.mask(reuse ? secrets.maskValue(value) : value, plan, target);
      }
      if (out === value) continue;
      if (collect && out !== DELETE)
        this.noteChanged(bag, key, value, plan, target, before, reuse ? secrets.size : 0);
      if (out === DELETE) delete bag[key];
      else bag[key] = out;
    }
  }

  /** `input` masked by `ops`, or the memo's result when it equals the memo's last input (value-memo.ts). */
  private maskRemembered(
    memo: ValueMemo,
    input: string,
    ops: OpList,
    target: number,
  ): string | typeof DELETE {
    const ctx = this.ctx;
    if (input === memo.input) {
      ctx.count += memo.counted;
      return memo.output;
    }
    const count = ctx.count;
    const failures = this.values.failures;
    const out = this.values.maskString(input, ops, target);
    // A rule that threw is not remembered: the next equal value tries again.
    if (this.values.failures === failures) memo.remember(input, out, ctx.count - count);
    return out;
  }

  private noteChanged(
    bag: AttrBag,
    key: string,
    value: unknown,
    plan: KeyPlan,
    target: number,
    before: number,
    known: number,
  ): void {
    this.changed.push({ bag, key, value, plan, target, known, counted: this.ctx.count - before });
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
