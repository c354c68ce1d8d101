import { readJsonObject } from '../read-json-object';

/** A token whose lifetime cannot be read is reused for this long (and renewed on a 401/403 before that). */
export const UNKNOWN_LIFETIME_MILLIS = 5 * 60_000;

/**
 * How long a JWT is good for, from its payload's `exp` less `iat` (so a skewed clock on either side does not
 * matter), else `exp` against `now`; undefined when the text is not a JWT with a numeric `exp`. The signature is
 * not checked: the collector does that; this only decides when to fetch a new one.
 */
export function jwtLifetimeMillis(jwt: string, now: number): number | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return undefined;
  const payload = readJsonObject(Buffer.from(parts[1], 'base64url'));
  if (payload === undefined) return undefined;
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  if (typeof iat === 'number' && Number.isFinite(iat) && iat <= exp) return (exp - iat) * 1000;
  return exp * 1000 - now;
}
