import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type Resource = ReadableSpan['resource'];

/**
 * The waits of the resources (of spans, or of a request's groups) still detecting async attributes
 * (upstream's BSP waits for them too): encoding them now would miss those attributes and make the SDK
 * warn. Undefined when none, the usual case; a resource repeated back to back is looked at once.
 */
export function settlingResources(
  items: ArrayLike<{ readonly resource: Resource }>,
): Array<Promise<void>> | undefined {
  let waits: Array<Promise<void>> | undefined;
  let last: Resource | undefined;
  for (let i = 0; i < items.length; i++) {
    const resource = items[i].resource;
    if (resource === last) continue;
    last = resource;
    if (resource.asyncAttributesPending && resource.waitForAsyncAttributes) {
      (waits ??= []).push(resource.waitForAsyncAttributes());
    }
  }
  return waits;
}
