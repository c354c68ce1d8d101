import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { stillDetecting } from '../settling-resources';

type Resource = ReadableSpan['resource'];

/**
 * The batch path's resources that were still detecting async attributes when one of their spans ended,
 * waited for before an export. A resource only ever settles, so one seen settled never needs a look
 * again; the last one seen is remembered, so the usual case (one resource for every span) costs onEnd
 * one comparison.
 */
export class UnsettledResources {
  private last: Resource | undefined;
  private pending: Array<Resource & { waitForAsyncAttributes(): Promise<void> }> = [];

  note(resource: Resource): void {
    if (resource === this.last) return;
    this.last = resource;
    if (stillDetecting(resource) && !this.pending.includes(resource)) this.pending.push(resource);
  }

  /** What an export must wait for (those noted and not settled yet); undefined when nothing. */
  waits(): Array<Promise<void>> | undefined {
    if (this.pending.length === 0) return undefined;
    this.pending = this.pending.filter(stillDetecting);
    return this.pending.length === 0
      ? undefined
      : this.pending.map((resource) => resource.waitForAsyncAttributes());
  }
}
