import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type Resource = ReadableSpan['resource'];

/**
 * The resources of queued spans that were still detecting async attributes when their span ended
 * (upstream's BSP waits for them too: encoding now would miss those attributes and make the SDK warn).
 * A resource only ever settles, so one seen settled never needs a look again; the last one seen is
 * remembered, so the usual case (one resource for every span) costs onEnd one comparison.
 */
export class UnsettledResources {
  private last: Resource | undefined;
  private readonly pending: Resource[] = [];

  note(resource: Resource): void {
    if (resource === this.last) return;
    this.last = resource;
    if (resource.asyncAttributesPending && resource.waitForAsyncAttributes) {
      if (!this.pending.includes(resource)) this.pending.push(resource);
    }
  }

  /** What an export must wait for (those noted and not settled yet); undefined when nothing. */
  waits(): Array<Promise<void>> | undefined {
    if (this.pending.length === 0) return undefined;
    const still = this.pending.filter((resource) => resource.asyncAttributesPending);
    this.pending.length = 0;
    this.pending.push(...still);
    return still.length === 0
      ? undefined
      : still.map((resource) => resource.waitForAsyncAttributes!());
  }
}
