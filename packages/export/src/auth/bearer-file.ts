import { stat } from 'node:fs/promises';
import { cut, redactText } from '@otelkit/core';
import type { AuthContext } from './auth-context';
import { BEARER_TOKEN, CredentialError, type HeaderSource } from './header-source';
import { readCredentialFile } from './read-bounded';

/**
 * `authorization: Bearer <file contents>`, re-read when the file changes (a projected service-account token that
 * the kubelet rotates by swapping a symlink): one stat() per attempt, a read only when its inode, size or mtime
 * moved. No watcher, so no descriptor stays open. A file that vanishes after a good read keeps its last token: the
 * collector is the judge of it.
 */
export class BearerFileHeaders implements HeaderSource {
  private seen = '';
  private last: Record<string, string> | undefined;
  private readonly what: string;

  constructor(
    private readonly path: string,
    private readonly auth: AuthContext,
  ) {
    this.what = 'the bearer-file';
  }

  async headers(): Promise<Record<string, string>> {
    let signature: string;
    try {
      const info = await stat(this.path);
      signature = `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      if (this.last !== undefined) return this.last;
      // readCredentialFile names the path and the cause the same way for every failure.
      return this.read(String((error as NodeJS.ErrnoException).code));
    }
    if (signature === this.seen && this.last !== undefined) return this.last;
    return this.read(signature);
  }

  latest(): Record<string, string> | undefined {
    return this.last;
  }

  refused(used: Record<string, string>): void {
    if (used === this.last) this.seen = '';
  }

  close(): void {}

  private async read(signature: string): Promise<Record<string, string>> {
    const token = await readCredentialFile(this.path, this.what);
    if (!BEARER_TOKEN.test(token))
      throw new CredentialError(
        `${this.what} ${JSON.stringify(cut(redactText(this.path)))} holds no bearer token (one line of base64url text)`,
      );
    if (this.last?.authorization !== `Bearer ${token}`) {
      this.auth.diagnostics.addSecrets([token], true);
      this.last = { authorization: `Bearer ${token}` };
    }
    this.seen = signature;
    return this.last;
  }
}
