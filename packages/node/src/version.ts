// Read once from our own package.json, so the distro version reported can never drift from the published one.
const pkg = require('../../package.json') as { name: string; version: string };

export const distroName = 'otelkit';
export const packageName = pkg.name;
export const distroVersion = pkg.version;
