export const DEFAULT_STRIP_PARAMS = [
  '_rsc',
  '__nextDataReq',
  '__nextLocale',
  '__nextDefaultLocale',
];

/**
 * Returns `value` without the query parameters in `params` (e.g. `/orders/42?_rsc=1x2&a=1` → `/orders/42?a=1`), or
 * `value` itself when none is present, so the common case allocates nothing.
 */
export function stripParams(value: string, params: readonly string[]): string {
  const q = value.indexOf('?');
  if (q === -1 || !params.some((param) => value.includes(`${param}=`, q))) return value;
  const hash = value.indexOf('#', q);
  const end = hash === -1 ? value.length : hash;
  const kept = value
    .slice(q + 1, end)
    .split('&')
    .filter((pair) => pair !== '' && !params.includes(pair.split('=', 1)[0]));
  return value.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '') + value.slice(end);
}

/** For `url.query`, which has no leading `?`. */
export function stripQuery(query: string, params: readonly string[]): string {
  const stripped = stripParams(`?${query}`, params);
  return stripped.startsWith('?') ? stripped.slice(1) : stripped;
}
