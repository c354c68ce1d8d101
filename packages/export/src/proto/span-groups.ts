import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type Resource = ReadableSpan['resource'];

/**
 * Groups a batch by (resource, scope) identity in first-seen order, as upstream does, without maps or
 * per-span allocation: a group index per span in a reused typed array. A batch nearly always holds one
 * resource and a handful of scopes, so linear scans beat hashing.
 */
export class SpanGroups {
  readonly resources: Resource[] = [];
  readonly scopes: InstrumentationScope[] = [];
  /** Index into `resources` for each group. */
  readonly resourceOf: number[] = [];
  groupOf = new Int32Array(1024);

  get count(): number {
    return this.scopes.length;
  }

  assign(spans: ReadableSpan[]): void {
    this.resources.length = 0;
    this.scopes.length = 0;
    this.resourceOf.length = 0;
    if (this.groupOf.length < spans.length) this.groupOf = new Int32Array(spans.length * 2);
    let last = -1;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      if (
        last < 0 ||
        this.scopes[last] !== span.instrumentationScope ||
        this.resources[this.resourceOf[last]] !== span.resource
      ) {
        last = this.find(span.resource, span.instrumentationScope);
      }
      this.groupOf[i] = last;
    }
  }

  private find(resource: Resource, scope: InstrumentationScope): number {
    let r = this.resources.indexOf(resource);
    if (r < 0) r = this.resources.push(resource) - 1;
    for (let g = 0; g < this.scopes.length; g++) {
      if (this.scopes[g] === scope && this.resourceOf[g] === r) return g;
    }
    this.scopes.push(scope);
    this.resourceOf.push(r);
    return this.scopes.length - 1;
  }
}
