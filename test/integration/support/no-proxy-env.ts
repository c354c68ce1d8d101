// Every fixture talks to loopback servers the test started. A machine (or CI) with a proxy in its environment would
// otherwise send those exports through it, now that the exporter honours the standard proxy variables; the proxy
// tests set their own.
for (const name of [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
]) {
  delete process.env[name];
}
