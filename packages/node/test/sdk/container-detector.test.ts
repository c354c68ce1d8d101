import { detectResources, type ResourceDetector } from '@opentelemetry/resources';
import { containerDetector as upstreamContainerDetector } from '@opentelemetry/resource-detector-container';
import {
  containerDetector,
  containerIdFromCgroup,
  containerIdFromMountinfo,
} from '../../src/sdk/container-detector';

const ID64 = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

async function containerId(detector: ResourceDetector): Promise<unknown> {
  const resource = detectResources({ detectors: [detector] });
  await resource.waitForAsyncAttributes?.();
  return resource.attributes['container.id'];
}

// otelkit reads container.id itself instead of loading @opentelemetry/resource-detector-container (5 modules at
// start-up): the value must be the package's, from the same files and by the same rules.
describe('container detector', () => {
  test('container.id on this machine is the upstream detector’s', async () => {
    expect(await containerId(containerDetector)).toEqual(
      await containerId(upstreamContainerDetector),
    );
  });

  // [what, /proc/self/cgroup text, id]
  test.each<[string, string, string | undefined]>([
    ['docker, cgroup v1', `12:pids:/docker/${ID64}\n0::/`, ID64],
    ['docker- scope', `1:name=systemd:/system.slice/docker-${ID64}.scope`, ID64],
    ['crio- scope', `1:cpu:/kubepods/crio-${ID64}.scope`, ID64],
    ['cri-containerd- scope', `1:cpu:/kubepods/cri-containerd-${ID64}.scope`, ID64],
    ['systemd driver, id after the last colon', `0::/kubepods.slice/cri-containerd:${ID64}`, ID64],
    [
      'any hexadecimal section counts, first line wins',
      '4:memory:/job/86e6\n3:cpu:/docker/beef',
      '86e6',
    ],
    ['upper-case hexadecimal', '4:memory:/job/ABCDEF', 'ABCDEF'],
    ['root cgroups only (cgroup v2 host)', '0::/', undefined],
    ['not hexadecimal', '1:cpu:/user.slice/session-2', undefined],
    ['no slash', 'garbage', undefined],
    ['empty', '', undefined],
  ])('cgroup: %s', (_what, text, id) => {
    expect(containerIdFromCgroup(text)).toBe(id);
  });

  // [what, /proc/self/mountinfo text, id ('' when none)]
  test.each<[string, string, string]>([
    [
      'docker under cgroup v2',
      `1 2 0:1 /var/lib/docker/containers/${ID64}/hostname /etc/hostname rw - ext4 /dev/sda1 rw`,
      ID64,
    ],
    [
      'podman',
      `1 2 0:1 /var/lib/containers/storage/overlay-containers/${ID64}/userdata/hostname /etc/hostname rw`,
      ID64,
    ],
    [
      'only the first line naming hostname is read',
      `1 2 0:1 /x/hostname /etc/hostname rw\n3 4 0:1 /var/lib/docker/containers/${ID64}/hostname /etc/hostname`,
      '',
    ],
    [
      'an id of the wrong length',
      '1 2 0:1 /var/lib/docker/containers/abc/hostname /etc/hostname',
      '',
    ],
    ['no hostname mount', '1 2 0:1 / / rw', ''],
  ])('mountinfo: %s', (_what, text, id) => {
    expect(containerIdFromMountinfo(text)).toBe(id);
  });
});
