import { readFile } from 'node:fs';
import { arch, hostname } from 'node:os';
import { diag } from '@opentelemetry/api';
import {
  hostDetector as upstreamHostDetector,
  type ResourceDetector,
} from '@opentelemetry/resources';

/** The machine-id files systemd and D-Bus write, in the order upstream's Linux detector reads them. */
const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/**
 * `host.name`, `host.arch` and `host.id`: the attributes of upstream's hostDetector, with the same values. On Linux,
 * host.id is read here with a callback `readFile`: upstream reaches its Linux reader through a dynamic `import()`,
 * which runs Node's ESM loader in a CommonJS app, and reads through `fs.promises`. Measured on the 2-core bench VM
 * (Node 20, CPU of detection until host.id resolves, in a process with the SDK loaded): 15–26 ms upstream, ~6 ms
 * here. An app that starts those Node internals anyway (express's dependencies require an .mjs file) saves less.
 * Elsewhere (macOS, Windows, BSD run a command for the id) this is upstream's detector itself.
 */
export const hostDetector: ResourceDetector =
  process.platform === 'linux' ? { detect: detectLinuxHost } : upstreamHostDetector;

function detectLinuxHost(): ReturnType<ResourceDetector['detect']> {
  return {
    attributes: {
      'host.name': hostname(),
      'host.arch': specArch(arch()),
      'host.id': readMachineId(0),
    },
  };
}

/** The first machine-id file that can be read, trimmed; undefined when none can. */
function readMachineId(index: number): Promise<string | undefined> {
  const path = MACHINE_ID_FILES[index];
  if (path === undefined) return Promise.resolve(undefined);
  return new Promise<string | undefined>((resolve) => {
    readFile(path, 'utf8', (error, text) => {
      if (!error) return resolve(text.trim());
      diag.debug(`host detector: cannot read ${path}: ${error.message}`);
      resolve(readMachineId(index + 1));
    });
  });
}

/** Node's `os.arch()` names where the semantic conventions name them otherwise (`host.arch` values). */
export function specArch(nodeArch: string): string {
  switch (nodeArch) {
    case 'x64':
      return 'amd64';
    case 'arm':
      return 'arm32';
    case 'ppc':
      return 'ppc32';
    default:
      return nodeArch;
  }
}
