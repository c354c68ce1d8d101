import { packageNameOf } from '../diag/load-order';

/**
 * The library a `require(id)` from `parentFile` loads, as the lazy loader keys it: a builtin without `node:` and
 * without its sub-path (`fs/promises` → `fs`), a package name (`@redis/client/dist/x` → `@redis/client`), and for a
 * relative or absolute path the package it lands in, or the package of the file requiring it (a library's own
 * files, which is how a CommonJS library imported from ESM is first seen). Undefined for the app's own files.
 */
export function libraryOfRequest(id: string, parentFile: string | undefined): string | undefined {
  const first = id.charCodeAt(0);
  // '.' and '/': a path (Windows drive paths fall to the parent check below, which is what they need).
  if (first === 46 || first === 47 || id.includes(':\\')) {
    return (first === 47 ? packageNameOf(id) : undefined) ?? packageNameOfFile(parentFile);
  }
  const bare = id.startsWith('node:') ? id.slice(5) : id;
  const slash = bare.indexOf('/');
  if (slash === -1) return bare;
  if (bare.charCodeAt(0) !== 64 /* @ */) return bare.slice(0, slash);
  const second = bare.indexOf('/', slash + 1);
  return second === -1 ? bare : bare.slice(0, second);
}

/** The library an ESM load URL belongs to (`node:http` → `http`, a file under node_modules → its package). */
export function libraryOfUrl(url: string): string | undefined {
  if (url.startsWith('node:')) return libraryOfRequest(url, undefined);
  if (!url.startsWith('file:')) return undefined;
  return packageNameOf(decodeURIComponent(url.slice('file://'.length)));
}

function packageNameOfFile(file: string | undefined): string | undefined {
  return file === undefined ? undefined : packageNameOf(file.replaceAll('\\', '/'));
}
