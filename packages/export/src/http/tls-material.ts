import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import { cut, redactText, type Diagnostics } from '@otelkit/core';
import { PREFIX } from '../prefix';
import { cryptoModule, tlsModule } from './lazy-builtins';
import type { OtlpTlsMaterial, TlsSource, TlsSources } from '../types';

type Pem = string | Buffer;

const NO_CLIENT_CERT = 'sending no client certificate';
// A file's path is shown (it is not the secret, the file is), cut like any configured value.
const describe = (source: TlsSource) =>
  'pem' in source
    ? `option ${source.option}`
    : `${source.env} ${JSON.stringify(cut(redactText(source.path)))}`;

/**
 * Reads the files env named, once, and checks each piece with Node's TLS now rather than on every
 * export. A bad piece from env is reported in one line and left out (the collector may then refuse the
 * connection: failed exports, counted); a bad one from code throws.
 */
export function loadTls(sources: TlsSources, url: URL, diagnostics: Diagnostics): OtlpTlsMaterial {
  const warn = (message: string) => diagnostics.warn(message);
  const { ca, cert, key } = sources;
  const given = [ca, cert, key].filter((s): s is TlsSource => s !== undefined);
  if (given.length === 0) return {};
  if (url.protocol !== 'https:') {
    warn(`${given.map(describe).join(', ')} ignored: ${url.origin} is not https`);
    return {};
  }
  const material: OtlpTlsMaterial = {};
  if (ca !== undefined) {
    const pems = load([ca], caOptions, "using Node's trusted CAs", warn);
    if (pems) material.ca = pems[0];
  }
  if (cert !== undefined && key !== undefined) {
    const pems = load([cert, key], ([c, k]) => ({ cert: c, key: k }), NO_CLIENT_CERT, warn);
    if (pems) [material.cert, material.key] = pems;
  } else if (cert !== undefined || key !== undefined) {
    // Only env gets here: the tls option is checked for pairs at construction.
    const one = describe((cert ?? key)!);
    warn(`${one} has no ${cert ? 'client key' : 'client certificate'}; ${NO_CLIENT_CERT}`);
  }
  return material;
}

/** Node's TLS takes a CA text without a single certificate in it, and trusts nothing: refused here. */
function caOptions([pem]: Pem[]): SecureContextOptions {
  new (cryptoModule().X509Certificate)(pem);
  return { ca: pem };
}

/** The pieces' PEM text if every one can be read and Node's TLS accepts them together. */
function load(
  pieces: TlsSource[],
  options: (pems: Pem[]) => SecureContextOptions,
  fallback: string,
  warn: (message: string) => void,
): Pem[] | undefined {
  const pems: Pem[] = [];
  for (const piece of pieces) {
    if ('pem' in piece) {
      pems.push(piece.pem);
      continue;
    }
    try {
      pems.push(readFileSync(piece.path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      warn(`${describe(piece)} cannot be read (${code}); ${fallback}`);
      return undefined;
    }
  }
  try {
    tlsModule().createSecureContext(options(pems));
    return pems;
  } catch (error) {
    const what = pieces.map(describe).join(' with ');
    const reason = (error as Error).message;
    if (pieces.some((p) => 'pem' in p))
      throw new TypeError(`${PREFIX}: ${what} is not usable: ${cut(reason, 300)}`);
    warn(`${what} is not usable (${cut(reason)}); ${fallback}`);
    return undefined;
  }
}
