import { dirname, join } from 'node:path';
import { readPackage } from './sdk/app-package';

/**
 * Our own package.json, found by walking up from this file (it sits one level higher in build/ than in src/), so the
 * distro version reported can never drift from the published one.
 */
function ownPackage(): { name: string; version?: string } {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = readPackage(join(dir, 'package.json'));
    if (pkg?.name === '@otelkit/node') return pkg;
  }
  return { name: '@otelkit/node' };
}

const pkg = ownPackage();
export const distroName = 'otelkit';
export const packageName = pkg.name;
export const distroVersion = pkg.version ?? 'unknown';
