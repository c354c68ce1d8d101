import { open } from 'node:fs/promises';
import { cut, redactText } from '@otelkit/core';
import { CredentialError, MAX_TOKEN_BYTES } from './header-source';

/**
 * A credential file's text, trimmed: read through one descriptor, closed whatever happens, and never more than
 * MAX_TOKEN_BYTES + 1 bytes (a file that is larger is refused, not loaded). `what` names the file in errors.
 */
export async function readCredentialFile(path: string, what: string): Promise<string> {
  const where = `${what} ${JSON.stringify(cut(redactText(path)))}`;
  const buffer = Buffer.alloc(MAX_TOKEN_BYTES + 1);
  let length: number;
  try {
    const handle = await open(path, 'r');
    try {
      ({ bytesRead: length } = await handle.read(buffer, 0, buffer.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CredentialError(`${where} cannot be read (${code})`);
  }
  if (length > MAX_TOKEN_BYTES) throw new CredentialError(`${where} is larger than 64 KiB`);
  const text = buffer.toString('utf8', 0, length).trim();
  if (text === '') throw new CredentialError(`${where} is empty`);
  return text;
}
