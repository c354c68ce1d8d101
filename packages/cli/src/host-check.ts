const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * On a loopback viewer, a page from another site could still reach it through a DNS name that
 * resolves to 127.0.0.1 (DNS rebinding); such a request carries that name in `Host`, so only
 * loopback names are answered.
 */
export function hostHeaderAllowed(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.split(':')[0];
  return LOOPBACK_NAMES.has(name.toLowerCase()) || name.startsWith('127.');
}
