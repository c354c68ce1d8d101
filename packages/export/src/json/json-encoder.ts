import type { ScopeWithAttributes } from '../internal-types';
import { flagsOf } from '../span-flags';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanGroups } from '../proto/span-groups';
import { encodeAtOnce, encodeInSlices, SPANS_PER_STEP } from '../encode-in-slices';
import { attributesJson, hrTimeString } from './json-values';

function spanJson(span: ReadableSpan): string {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  const traceState = ctx.traceState?.serialize();
  let out = `{"traceId":"${ctx.traceId}","spanId":"${ctx.spanId}"`;
  if (traceState) out += `,"traceState":${JSON.stringify(traceState)}`;
  if (parent?.spanId) out += `,"parentSpanId":"${parent.spanId}"`;
  out +=
    `,"name":${JSON.stringify(span.name)},"kind":${span.kind + 1}` +
    `,"startTimeUnixNano":"${hrTimeString(span.startTime[0], span.startTime[1])}"` +
    `,"endTimeUnixNano":"${hrTimeString(span.endTime[0], span.endTime[1])}"` +
    `,"attributes":${attributesJson(span.attributes)}` +
    `,"droppedAttributesCount":${span.droppedAttributesCount}` +
    `,"events":[${span.events
      .map(
        (e) =>
          `{"timeUnixNano":"${hrTimeString(e.time[0], e.time[1])}","name":${JSON.stringify(e.name)}` +
          `,"attributes":${attributesJson(e.attributes)},"droppedAttributesCount":${e.droppedAttributesCount ?? 0}}`,
      )
      .join(',')}],"droppedEventsCount":${span.droppedEventsCount}` +
    `,"links":[${span.links
      .map((l) => {
        const linkState = l.context.traceState?.serialize();
        return (
          `{"traceId":"${l.context.traceId}","spanId":"${l.context.spanId}"` +
          (linkState ? `,"traceState":${JSON.stringify(linkState)}` : '') +
          `,"attributes":${attributesJson(l.attributes)},"droppedAttributesCount":${l.droppedAttributesCount ?? 0}` +
          `,"flags":${flagsOf(l.context.traceFlags, l.context.isRemote)}}`
        );
      })
      .join(',')}],"droppedLinksCount":${span.droppedLinksCount}` +
    `,"status":{"code":${span.status.code}` +
    (span.status.message ? `,"message":${JSON.stringify(span.status.message)}` : '') +
    `},"flags":${flagsOf(ctx.traceFlags, parent?.isRemote)}}`;
  return out;
}

function scopeJson(scope: ScopeWithAttributes): string {
  const dropped = scope.droppedAttributesCount ?? 0;
  return (
    `{"name":${JSON.stringify(scope.name)}` +
    (scope.version ? `,"version":${JSON.stringify(scope.version)}` : '') +
    `,"attributes":${attributesJson(scope.attributes)},"droppedAttributesCount":${dropped}}`
  );
}

/** ExportTraceServiceRequest in OTLP/JSON (hex ids, 64-bit integers as strings), built as one string. */
export class JsonSpanEncoder {
  private readonly groups = new SpanGroups();
  private readonly resources = new WeakMap<object, string>();

  private out = '';

  encode(spans: ReadableSpan[]): Buffer {
    return encodeAtOnce(this.write(spans, Infinity), this.finish);
  }

  /** The same bytes, built for at most `budgetMillis()` per turn of the event loop; one call at a time. */
  encodeSliced(spans: ReadableSpan[], budgetMillis: () => number): Promise<Buffer> {
    if (spans.length <= SPANS_PER_STEP) return Promise.resolve(this.encode(spans));
    return encodeInSlices(this.write(spans, SPANS_PER_STEP), this.finish, budgetMillis);
  }

  private readonly finish = () => {
    const bytes = Buffer.from(this.out, 'utf8');
    this.out = '';
    return bytes;
  };

  /** Builds the request text in `this.out`, pausing (yield) after every `slice` spans. */
  private *write(spans: ReadableSpan[], slice: number): Generator<void, void, void> {
    const groups = this.groups;
    groups.assign(spans);
    let budget = slice;
    const out: string[] = [];
    for (let r = 0; r < groups.resources.length; r++) {
      const resource = groups.resources[r];
      let resourceJson = this.resources.get(resource);
      if (resourceJson === undefined) {
        resourceJson = `{"attributes":${attributesJson(resource.attributes)},"droppedAttributesCount":0}`;
        if (!resource.asyncAttributesPending) this.resources.set(resource, resourceJson);
      }
      const scopes: string[] = [];
      for (let g = 0; g < groups.count; g++) {
        if (groups.resourceOf[g] !== r) continue;
        const scope = groups.scopes[g];
        const members: string[] = [];
        for (let i = 0; i < spans.length; i++) {
          if (groups.groupOf[i] !== g) continue;
          members.push(spanJson(spans[i]));
          if (--budget === 0) {
            budget = slice;
            yield;
          }
        }
        const schema = scope.schemaUrl ? `,"schemaUrl":${JSON.stringify(scope.schemaUrl)}` : '';
        scopes.push(`{"scope":${scopeJson(scope)},"spans":[${members.join(',')}]${schema}}`);
      }
      const schema = resource.schemaUrl ? `,"schemaUrl":${JSON.stringify(resource.schemaUrl)}` : '';
      out.push(`{"resource":${resourceJson},"scopeSpans":[${scopes.join(',')}]${schema}}`);
    }
    this.out = `{"resourceSpans":[${out.join(',')}]}`;
  }
}
