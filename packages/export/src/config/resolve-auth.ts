import { isHttpUrl, optionError, type EnvReader } from '@otelkit/core';
import { PREFIX } from '../prefix';
import type { AuthContext } from '../auth/auth-context';
import type { HeaderSource } from '../auth/header-source';
import type { OtlpAuthOptions, ResolvedAuth, ResolvedExporterConfig } from '../types';

/** The credential provider's variables; every one of them is read only when a provider needs it. */
export const authEnv = {
  auth: 'OTELKIT_EXPORTER_AUTH',
  audience: 'OTELKIT_EXPORTER_AUTH_AUDIENCE',
  metadataHost: 'GCE_METADATA_HOST',
  tokenUrl: 'OTELKIT_OAUTH2_TOKEN_URL',
  clientId: 'OTELKIT_OAUTH2_CLIENT_ID',
  clientSecret: 'OTELKIT_OAUTH2_CLIENT_SECRET',
  clientSecretFile: 'OTELKIT_OAUTH2_CLIENT_SECRET_FILE',
  scopes: 'OTELKIT_OAUTH2_SCOPES',
  oauthAudience: 'OTELKIT_OAUTH2_AUDIENCE',
} as const;

/** Google's libraries' default when GCE_METADATA_HOST is unset. */
export const DEFAULT_METADATA_HOST = 'metadata.google.internal';
const BEARER_FILE = 'bearer-file:';
const KINDS = 'gcp-id-token, oauth2, bearer-file:/path or none';
/** Longest audience, client id or path taken: longer is a mistake, not a setting. */
const MAX_TEXT = 2048;
/** host, host:port, [v6]:port; nothing that could turn the URL into another one. */
const HOST_PORT = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
const PLAIN_TEXT = /^[\x21-\x7e]+$/;

const NO_AUTH = 'no credentials';

/**
 * Code `auth` > env OTELKIT_EXPORTER_AUTH > none. Pure: reads only `read`'s env; a bad variable is one problem line
 * (its value never shown: these names read as secret) and no credentials; `url` is the traces URL, whose origin is
 * the default audience of an ID token.
 */
export function resolveAuth(
  option: OtlpAuthOptions | undefined,
  read: EnvReader,
  url: string,
): ResolvedAuth | undefined {
  if (option !== undefined) return fromOption(option, read, url);
  const value = read.raw(authEnv.auth);
  if (value === undefined || value.toLowerCase() === 'none') return undefined;
  if (value.toLowerCase() === 'gcp-id-token') return gcp(undefined, read, url);
  if (value.toLowerCase() === 'oauth2') return oauth2FromEnv(read);
  if (value.startsWith(BEARER_FILE)) {
    const path = value.slice(BEARER_FILE.length).trim();
    if (path !== '' && path.length <= MAX_TEXT) return { type: 'bearer-file', path };
    read.problem(authEnv.auth, 'names no usable token file after bearer-file:', NO_AUTH);
    return undefined;
  }
  read.problem(authEnv.auth, `is not one of ${KINDS}`, NO_AUTH);
  return undefined;
}

function fromOption(
  option: OtlpAuthOptions,
  read: EnvReader,
  url: string,
): ResolvedAuth | undefined {
  switch (option.type) {
    case 'none':
      return undefined;
    case 'gcp-id-token':
      return gcp(option.audience, read, url);
    case 'bearer-file':
      return { type: 'bearer-file', path: option.path };
    case 'oauth2':
      return {
        type: 'oauth2',
        tokenUrl: option.tokenUrl,
        clientId: option.clientId,
        clientSecret: option.clientSecret,
        clientSecretFile: option.clientSecretFile,
        scopes: option.scopes ?? [],
        audience: option.audience,
      };
  }
}

function gcp(audience: string | undefined, read: EnvReader, url: string): ResolvedAuth {
  return {
    type: 'gcp-id-token',
    audience: audience ?? text(read, authEnv.audience, `the endpoint's origin`) ?? originOf(url),
    metadataHost: metadataHost(read),
  };
}

function metadataHost(read: EnvReader): string {
  const value = read.raw(authEnv.metadataHost);
  if (value === undefined) return DEFAULT_METADATA_HOST;
  if (value.length <= 300 && HOST_PORT.test(value)) return value;
  read.problem(
    authEnv.metadataHost,
    'is not a host or host:port',
    `the default ${DEFAULT_METADATA_HOST}`,
  );
  return DEFAULT_METADATA_HOST;
}

/** A single printable token of at most MAX_TEXT characters, or undefined (with one line) otherwise. */
function text(read: EnvReader, name: string, instead: string): string | undefined {
  const value = read.raw(name);
  if (value === undefined) return undefined;
  if (value.length <= MAX_TEXT && PLAIN_TEXT.test(value)) return value;
  read.problem(
    name,
    `is not printable text of at most ${MAX_TEXT} characters without spaces`,
    instead,
  );
  return undefined;
}

function oauth2FromEnv(read: EnvReader): ResolvedAuth | undefined {
  const tokenUrl = read.url(authEnv.tokenUrl, NO_AUTH);
  const clientId = text(read, authEnv.clientId, NO_AUTH);
  const clientSecret = read.raw(authEnv.clientSecret);
  const clientSecretFile =
    clientSecret === undefined ? read.raw(authEnv.clientSecretFile) : undefined;
  const missing = [
    tokenUrl === undefined && authEnv.tokenUrl,
    clientId === undefined && authEnv.clientId,
    clientSecret === undefined &&
      clientSecretFile === undefined &&
      `${authEnv.clientSecret} or ${authEnv.clientSecretFile}`,
  ].filter((name): name is string => typeof name === 'string');
  if (tokenUrl === undefined || clientId === undefined || missing.length > 0) {
    read.problem(authEnv.auth, `needs ${missing.join(', ')}`, NO_AUTH, 'oauth2');
    return undefined;
  }
  return {
    type: 'oauth2',
    tokenUrl,
    clientId,
    clientSecret,
    clientSecretFile,
    scopes: read.list(authEnv.scopes, true) ?? [],
    audience: text(read, authEnv.oauthAudience, 'none'),
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Throws optionError for a malformed `auth` option. */
export function checkAuthOption(auth: unknown): void {
  if (auth === undefined) return;
  // Every `auth.*` name reads as secret: optionError shows none of these values.
  const bad = (path: string, value: unknown, expected: string) =>
    optionError(PREFIX, path, value, expected);
  if (typeof auth !== 'object' || auth === null)
    throw bad(
      'auth',
      auth,
      `an object with type ${KINDS.replace('bearer-file:/path', 'bearer-file')}`,
    );
  const o = auth as Record<string, unknown>;
  const isText = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT;
  const optionalText = (key: string) => {
    if (o[key] !== undefined && !isText(o[key]))
      throw bad(`auth.${key}`, o[key], 'a non-empty string');
  };
  switch (o.type) {
    case 'none':
      return;
    case 'gcp-id-token':
      return optionalText('audience');
    case 'bearer-file':
      if (!isText(o.path)) throw bad('auth.path', o.path, 'the path of the token file');
      return;
    case 'oauth2':
      if (!(typeof o.tokenUrl === 'string' && isHttpUrl(o.tokenUrl)))
        throw bad('auth.tokenUrl', o.tokenUrl, 'an absolute http:// or https:// URL');
      if (!isText(o.clientId)) throw bad('auth.clientId', o.clientId, 'a non-empty string');
      optionalText('clientSecret');
      optionalText('clientSecretFile');
      optionalText('audience');
      if ((o.clientSecret === undefined) === (o.clientSecretFile === undefined))
        throw bad('auth', Object.keys(o), 'exactly one of clientSecret and clientSecretFile');
      if (
        o.scopes !== undefined &&
        !(Array.isArray(o.scopes) && o.scopes.every((scope) => typeof scope === 'string'))
      )
        throw bad('auth.scopes', o.scopes, 'an array of strings');
      return;
    default:
      throw bad('auth.type', o.type, 'gcp-id-token, oauth2, bearer-file or none');
  }
}

/**
 * The exporter's changing headers (see createHeaderSource), for exporters other than OtlpHttpSpanExporter (the
 * OTLP/gRPC one of @otelkit/node): the same caching, refresh and no-secret rules, not a copy of them. Here, in a
 * module every app loads anyway, so that the credential modules load on the first call only (a module of its own
 * cost ~0.6 ms at start, measured, for apps that never call it).
 */
export function loadHeaderSource(
  config: Pick<ResolvedExporterConfig, 'headersFunction' | 'auth'>,
  auth: AuthContext,
): HeaderSource | undefined {
  if (config.headersFunction === undefined && config.auth === undefined) return undefined;
  return (
    require('../auth/create-header-source') as typeof import('../auth/create-header-source')
  ).createHeaderSource(config, auth);
}
