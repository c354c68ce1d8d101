import type { Detector } from '../internal-types';
import type { DetectorName, MaskingPreset } from '../types';
import { apiToken, awsAccessKey, bearer, jwt, privateKey } from './credentials';
import { genAiContent, httpHeaders, userIdentity } from './key-groups';
import { creditCard, email, ipAddress, phone } from './personal';
import { secretPhrase } from './secret-phrases';
import { secretAssignment, secretKeyName, secretReuse } from './secrets-by-name';
import { urlQuery, urlUserinfo } from './urls';

/**
 * Every detector in the order it runs. Order matters: whole tokens (keys, JWTs, bearer credentials) go before
 * the `name=value` detectors, so `Authorization: Bearer x` keeps its scheme and masks `x`; `name=value` goes
 * before `name value`, so `password: x` is masked whatever x looks like. `secret-reuse` is no op: it makes the
 * engine remember the values of secret keys (compile-rules.ts).
 */
export const DETECTORS: ReadonlyArray<readonly [DetectorName, Detector]> = [
  ['gen-ai-content', genAiContent],
  ['secret-key-name', secretKeyName],
  ['secret-reuse', secretReuse],
  ['http-headers', httpHeaders],
  ['user-identity', userIdentity],
  ['private-key', privateKey],
  ['jwt', jwt],
  ['bearer', bearer],
  ['aws-access-key', awsAccessKey],
  ['api-token', apiToken],
  ['url-userinfo', urlUserinfo],
  ['url-query', urlQuery],
  ['secret-assignment', secretAssignment],
  ['secret-phrase', secretPhrase],
  ['credit-card', creditCard],
  ['email', email],
  ['ip-address', ipAddress],
  ['phone', phone],
];

/** All detector names. */
export const DETECTOR_NAMES: readonly DetectorName[] = DETECTORS.map(([name]) => name);

/** Detectors that are off in the `default` preset (on in `strict`). */
const OFF_BY_DEFAULT: ReadonlySet<DetectorName> = new Set<DetectorName>([
  'ip-address',
  'phone',
  'http-headers',
  'user-identity',
]);

/** Detectors of the `default` preset. */
export const DEFAULT_DETECTORS: readonly DetectorName[] = DETECTOR_NAMES.filter(
  (n) => !OFF_BY_DEFAULT.has(n),
);

export function presetDetectors(preset: MaskingPreset): readonly DetectorName[] {
  if (preset === 'none') return [];
  return preset === 'strict' ? DETECTOR_NAMES : DEFAULT_DETECTORS;
}

export function detectorByName(name: string): Detector | undefined {
  for (const [n, d] of DETECTORS) if (n === name) return d;
  return undefined;
}
