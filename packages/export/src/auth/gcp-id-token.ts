import { cut } from '@otelkit/core';
import type { AuthContext } from './auth-context';
import { BEARER_TOKEN, CredentialError } from './header-source';
import { jwtLifetimeMillis } from './jwt-lifetime';
import type { Token } from './refreshing-token';
import { requestToken } from './token-request';

/**
 * The metadata server is link-local: asked directly, never through a proxy, over plain HTTP as Google's libraries do.
 * Fetches a Google ID token for `audience` from the metadata server (GCE, Cloud Run, GKE with Workload Identity):
 * `format=full` so that the token names the project and instance, the way Google's client libraries ask.
 */
export function gcpIdTokenFetcher(
  audience: string,
  metadataHost: string,
  auth: AuthContext,
): () => Promise<Token> {
  const url = new URL(
    `http://${metadataHost}/computeMetadata/v1/instance/service-accounts/default/identity`,
  );
  url.searchParams.set('audience', audience);
  url.searchParams.set('format', 'full');
  const what = 'the metadata server';
  const where = `${cut(metadataHost)}, for gcp-id-token`;
  return async () => {
    const fetchedAt = auth.now();
    const answer = await requestToken({
      url,
      method: 'GET',
      headers: { 'metadata-flavor': 'Google' },
      timeoutMillis: auth.timeoutMillis,
      tls: auth.tls,
      what,
      where,
    });
    // The answer's body is never shown: an error page may carry more than it should.
    if (answer.status !== 200)
      throw new CredentialError(`${what} answered HTTP ${answer.status} (${where})`);
    const jwt = answer.body.toString('utf8').trim();
    const life = BEARER_TOKEN.test(jwt) ? jwtLifetimeMillis(jwt, fetchedAt) : undefined;
    if (life === undefined)
      throw new CredentialError(
        `${what} answered with something that is not an ID token (${where})`,
      );
    if (life <= 0)
      throw new CredentialError(`${what} answered with an expired ID token (${where})`);
    auth.diagnostics.addSecrets([jwt], true);
    return { value: jwt, fetchedAt, expiresAt: fetchedAt + life };
  };
}
