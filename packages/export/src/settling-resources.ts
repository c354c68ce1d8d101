import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type Resource = ReadableSpan['resource'];

/**
 * A resource still detecting async attributes (upstream's BSP waits for them too): encoding its spans
 * now would miss those attributes and make the SDK warn.
 */
export function stillDetecting(
  resource: Resource,
): resource is Resource & { waitForAsyncAttributes(): Promise<void> } {
  return resource.asyncAttributesPending === true && resource.waitForAsyncAttributes !== undefined;
}

/**
 * The waits of a request's groups' resources still detecting. Undefined when none, the usual case; a
 * resource repeated back to back is looked at once.
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
    if (stillDetecting(resource)) (waits ??= []).push(resource.waitForAsyncAttributes());
  }
  return waits;
}
