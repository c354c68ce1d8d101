/* global fetch */
// Calls the inventory service over HTTP. The fetch is traced and carries the trace context, so the inventory
// service's span joins this request's trace.
export async function stockFor(sku) {
  const base = process.env.INVENTORY_URL ?? 'http://127.0.0.1:4100';
  const res = await fetch(`${base}/stock/${encodeURIComponent(sku)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`inventory answered ${res.status}`);
  return res.json();
}
