import type { HeaderSource } from './header-source';
import type { RefreshingToken, Token } from './refreshing-token';

/** A RefreshingToken as `authorization: Bearer …`, one headers object per token (refused() knows it by identity). */
export class TokenHeaders implements HeaderSource {
  private last: { token: Token; headers: Record<string, string> } | undefined;

  constructor(private readonly token: RefreshingToken) {
    token.prefetch();
  }

  async headers(): Promise<Record<string, string>> {
    return this.headersOf(await this.token.get());
  }

  latest(): Record<string, string> | undefined {
    const token = this.token.peek();
    return token === undefined ? undefined : this.headersOf(token);
  }

  refused(used: Record<string, string>): void {
    if (this.last?.headers === used) this.token.refused(this.last.token.value);
  }

  close(): void {
    this.token.close();
  }

  private headersOf(token: Token): Record<string, string> {
    if (this.last?.token !== token)
      this.last = { token, headers: { authorization: `Bearer ${token.value}` } };
    return this.last.headers;
  }
}
