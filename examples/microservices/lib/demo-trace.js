'use strict';
// What "the whole payment trace arrived" means for the demo, and how it is summarised.

const TRACED_SERVICES = ['gateway', 'auth', 'payment', 'notification'];

/** What the trace still lacks (empty when complete). */
function missingParts(trace, providerUrl) {
  const missing = [];
  const find = (service, test) => trace.some((s) => s.serviceName === service && test(s));
  for (const service of TRACED_SERVICES) {
    if (!find(service, (s) => s.kindName === 'SERVER'))
      missing.push(`a SERVER span from ${service}`);
  }
  for (const name of ['prisma:client:operation', 'prisma:client:db_query']) {
    // One lookup (SELECT) and one insert (INSERT) per new payment.
    const count = trace.filter((s) => s.serviceName === 'payment' && s.name === name).length;
    if (count < 2) missing.push(`2 ${name} spans from payment (got ${count})`);
  }
  if (!find('payment', (s) => isProviderCall(s, providerUrl))) {
    missing.push('the payment service CLIENT span calling payment-provider');
  }
  return missing;
}

function isProviderCall(span, providerUrl) {
  const url = span.attributes['url.full'] ?? span.attributes['http.url'];
  return span.kindName === 'CLIENT' && typeof url === 'string' && url.startsWith(providerUrl);
}

/** The trace the demo's POST /pay started: the one with the gateway's SERVER span. */
function isPaymentTrace(trace) {
  return trace.some((s) => s.serviceName === 'gateway' && s.kindName === 'SERVER');
}

/** Throws unless the Prisma spans and the provider call sit under payment's SERVER span. */
function assertPaymentPlacement(trace, providerUrl) {
  const server = trace.find((s) => s.serviceName === 'payment' && s.kindName === 'SERVER');
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const isUnderServer = (span) => {
    for (let id = span.parentSpanId; id; id = byId.get(id)?.parentSpanId) {
      if (id === server.spanId) return true;
    }
    return false;
  };
  const placed = trace.filter(
    (s) => s.name.startsWith('prisma:client:') || isProviderCall(s, providerUrl),
  );
  const stray = placed.filter((s) => !isUnderServer(s));
  if (stray.length > 0) {
    const names = stray.map((s) => s.name).join(', ');
    throw new Error(`not under the payment service's SERVER span "${server.name}": ${names}`);
  }
}

function summarize(trace, providerUrl) {
  const seen = new Set(trace.map((s) => s.serviceName));
  const services = [...TRACED_SERVICES.filter((name) => seen.has(name)), ...seen].filter(
    (name, i, all) => all.indexOf(name) === i,
  );
  const queries = trace.filter((s) => s.name === 'prisma:client:db_query');
  const statements = queries.map((s) => String(s.attributes['db.query.text'] ?? '').split(' ')[0]);
  const providerCall = trace.find((s) => isProviderCall(s, providerUrl));
  return [
    `one connected trace ${trace[0].traceId}: ${trace.length} spans from ${services.join(', ')}`,
    `prisma:client:db_query x${queries.length} (${statements.join(', ')}) under payment's SERVER span`,
    `payment -> payment-provider: ${providerCall.name} ${providerCall.attributes['url.full']}`,
  ];
}

module.exports = {
  TRACED_SERVICES,
  missingParts,
  isPaymentTrace,
  assertPaymentPlacement,
  summarize,
};
