import type { ResolvedExporterConfig } from '../types';
import type { AuthContext } from './auth-context';
import { BearerFileHeaders } from './bearer-file';
import { FunctionHeaders } from './function-headers';
import { gcpIdTokenFetcher } from './gcp-id-token';
import type { HeaderSource } from './header-source';
import { oauth2Fetcher } from './oauth2-token';
import { RefreshingToken } from './refreshing-token';
import { TokenHeaders } from './token-headers';

/**
 * The source of an exporter's changing headers: its headers function, its credential provider, both (the
 * provider's `authorization` wins), or none (undefined: the exporter sends its fixed headers and allocates nothing
 * per attempt).
 */
export function createHeaderSource(
  config: Pick<ResolvedExporterConfig, 'headersFunction' | 'auth'>,
  auth: AuthContext,
): HeaderSource | undefined {
  const sources: HeaderSource[] = [];
  if (config.headersFunction !== undefined)
    sources.push(new FunctionHeaders(config.headersFunction, auth));
  const provider = config.auth;
  if (provider?.type === 'bearer-file') sources.push(new BearerFileHeaders(provider.path, auth));
  if (provider?.type === 'gcp-id-token')
    sources.push(
      new TokenHeaders(
        new RefreshingToken(
          gcpIdTokenFetcher(provider.audience, provider.metadataHost, auth),
          auth.now,
        ),
      ),
    );
  if (provider?.type === 'oauth2')
    sources.push(new TokenHeaders(new RefreshingToken(oauth2Fetcher(provider, auth), auth.now)));
  if (sources.length <= 1) return sources[0];
  return new MergedHeaders(sources);
}

/** Several sources as one: their answers merged in order, a refusal passed to each with its own part. */
class MergedHeaders implements HeaderSource {
  /** Which part each source gave to a merged answer; weak, so answers are not kept past their use. */
  private readonly parts = new WeakMap<Record<string, string>, Array<Record<string, string>>>();

  constructor(private readonly sources: HeaderSource[]) {}

  async headers(attempt: number): Promise<Record<string, string>> {
    const parts = await Promise.all(this.sources.map((source) => source.headers(attempt)));
    const merged = Object.assign({}, ...parts) as Record<string, string>;
    this.parts.set(merged, parts);
    return merged;
  }

  latest(): Record<string, string> | undefined {
    return Object.assign({}, ...this.sources.map((source) => source.latest() ?? {})) as Record<
      string,
      string
    >;
  }

  refused(used: Record<string, string>): void {
    const parts = this.parts.get(used);
    if (parts) this.sources.forEach((source, i) => source.refused(parts[i]));
  }

  close(): void {
    for (const source of this.sources) source.close();
  }
}
