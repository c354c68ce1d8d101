import { redactUrl } from '@otelkit/core';
import type { ResolvedAuth } from '../types';
import type { AuthContext } from './auth-context';
import { BEARER_TOKEN, CredentialError } from './header-source';
import { UNKNOWN_LIFETIME_MILLIS } from './jwt-lifetime';
import { readJsonObject } from '../read-json-object';
import { readCredentialFile } from './read-bounded';
import type { Token } from './refreshing-token';
import { agentFor } from '../http/proxy/agent-for';
import { requestToken, tokenTls } from './token-request';

type OAuth2 = Extract<ResolvedAuth, { type: 'oauth2' }>;

/**
 * OAuth2 client credentials (RFC 6749 §4.4) with the client id and secret in the form body (client_secret_post,
 * which the common identity providers accept). A secret file is read for each token request, so a rotated secret
 * is picked up without a restart.
 */
export function oauth2Fetcher(settings: OAuth2, auth: AuthContext): () => Promise<Token> {
  const url = new URL(settings.tokenUrl);
  const what = 'the OAuth2 endpoint';
  const where = redactUrl(settings.tokenUrl);
  auth.diagnostics.addSecrets([settings.clientSecret]);
  const tls = tokenTls(auth.tls);
  // Through the proxy the exports' rules choose for the token URL (a corporate network's IdP is outside too).
  const agent = agentFor(url, auth.env, {
    tls,
    keepAlive: false,
    maxSockets: 1,
    timeoutMillis: auth.timeoutMillis,
    onSecrets: (secrets) => auth.diagnostics.addSecrets(secrets),
  });
  return async () => {
    const secret =
      settings.clientSecret ??
      (await readCredentialFile(settings.clientSecretFile!, 'OTELKIT_OAUTH2_CLIENT_SECRET_FILE'));
    auth.diagnostics.addSecrets([secret]);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: settings.clientId,
      client_secret: secret,
    });
    if (settings.scopes.length > 0) form.set('scope', settings.scopes.join(' '));
    if (settings.audience !== undefined) form.set('audience', settings.audience);
    const fetchedAt = auth.now();
    const answer = await requestToken({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMillis: auth.timeoutMillis,
      tls,
      what,
      where,
      agent,
    });
    // Never the body: a 400's `error_description` may quote the request, secret included.
    if (answer.status !== 200)
      throw new CredentialError(`${what} answered HTTP ${answer.status} (${where})`);
    const token = accessToken(answer.body);
    if (token === undefined)
      throw new CredentialError(
        `${what} answered HTTP 200 without a usable access_token (${where})`,
      );
    auth.diagnostics.addSecrets([token.value], true);
    return { value: token.value, fetchedAt, expiresAt: fetchedAt + token.lifeMillis };
  };
}

function accessToken(body: Buffer): { value: string; lifeMillis: number } | undefined {
  const parsed = readJsonObject(body);
  if (parsed === undefined) return undefined;
  const { access_token: value, expires_in: expiresIn } = parsed;
  if (typeof value !== 'string' || !BEARER_TOKEN.test(value)) return undefined;
  // expires_in is a number by the RFC; some providers send it as a string.
  const seconds =
    typeof expiresIn === 'string' && expiresIn.trim() !== '' ? Number(expiresIn) : expiresIn;
  const lifeMillis =
    typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
      ? seconds * 1000
      : UNKNOWN_LIFETIME_MILLIS;
  return { value, lifeMillis };
}
