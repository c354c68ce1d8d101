import { resourceFromAttributes } from '@opentelemetry/resources';
import { UnsettledResources } from '../src/processor/unsettled-resources';

/** A resource whose `host.id` detection settles when the returned function is called. */
function detecting() {
  let settle: (value: string) => void = () => undefined;
  const resource = resourceFromAttributes({
    'host.id': new Promise<string>((resolve) => (settle = resolve)),
  });
  return { resource, settle: (id: string) => settle(id) };
}

describe('UnsettledResources', () => {
  test('nothing to wait for when every resource noted had settled', () => {
    const resources = new UnsettledResources();
    resources.note(resourceFromAttributes({ 'service.name': 'a' }));
    resources.note(resourceFromAttributes({ 'service.name': 'b' }));
    expect(resources.waits()).toBeUndefined();
  });

  test('waits for a resource still detecting, once, however often its spans end', async () => {
    const resources = new UnsettledResources();
    const settled = resourceFromAttributes({ 'service.name': 'a' });
    const { resource, settle } = detecting();
    for (let i = 0; i < 3; i++) {
      resources.note(resource);
      resources.note(settled);
    }
    const waits = resources.waits();
    expect(waits).toHaveLength(1);
    settle('host-1');
    await Promise.all(waits!);
    expect(resource.attributes['host.id']).toBe('host-1');
    // Settled now: later exports do not wait.
    expect(resources.waits()).toBeUndefined();
  });

  test('a resource not settled yet stays to be waited for by the next export too', () => {
    const resources = new UnsettledResources();
    const { resource } = detecting();
    resources.note(resource);
    expect(resources.waits()).toHaveLength(1);
    expect(resources.waits()).toHaveLength(1);
  });
});
