import { readFileSync } from 'node:fs';
import { detectResources, hostDetector as upstreamHostDetector } from '@opentelemetry/resources';
import { hostDetector, specArch } from '../../src/sdk/host-detector';

async function attributesOf(detector: typeof hostDetector): Promise<Record<string, unknown>> {
  const resource = detectResources({ detectors: [detector] });
  await resource.waitForAsyncAttributes?.();
  return { ...resource.attributes };
}

/** What upstream's Linux reader gives: the first machine-id file that can be read, trimmed. */
function machineId(): string | undefined {
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch {
      // next file
    }
  }
  return undefined;
}

// otelkit reads host.id itself on Linux (no dynamic import, no fs.promises at start-up): the resource must not change.
// (Upstream's own host.id cannot be compared here: its dynamic import() fails inside jest's module sandbox.)
describe('host detector', () => {
  test('host.name and host.arch are upstream’s', async () => {
    const ours = await attributesOf(hostDetector);
    const upstream = await attributesOf(upstreamHostDetector);
    expect([ours['host.name'], ours['host.arch']]).toEqual([
      upstream['host.name'],
      upstream['host.arch'],
    ]);
  });

  (process.platform === 'linux' ? test : test.skip)(
    'host.id is the first readable machine-id file, trimmed, as upstream reads it',
    async () => {
      const ours = await attributesOf(hostDetector);
      expect(ours['host.id']).toBe(machineId());
    },
  );

  test.each<[string, string]>([
    ['x64', 'amd64'],
    ['arm', 'arm32'],
    ['ppc', 'ppc32'],
    ['arm64', 'arm64'],
    ['s390x', 's390x'],
  ])('host.arch of os.arch() %s is %s', (nodeArch, expected) => {
    expect(specArch(nodeArch)).toBe(expected);
  });
});
