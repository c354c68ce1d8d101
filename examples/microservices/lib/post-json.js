'use strict';
/* global fetch -- built into Node >= 18 */
// Service-to-service calls use the built-in fetch: its CLIENT spans come from the undici
// instrumentation, which also injects the `traceparent` header that links the services.

async function postJson(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const data = await res.json();
  if (!res.ok) {
    const err = new Error(`POST ${url} answered ${res.status}: ${data.error ?? 'no reason'}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

/** The URL of a downstream service, from the environment, or a clear startup error. */
function serviceUrl(envName) {
  const url = process.env[envName];
  if (!url) throw new Error(`${envName} is not set (the URL of a downstream service)`);
  return url.replace(/\/$/, '');
}

module.exports = { postJson, serviceUrl };
