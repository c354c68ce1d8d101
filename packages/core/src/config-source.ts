import { readFileSync } from 'node:fs';
import { cut } from './echo';
import type { EnvReader } from './env-reader';

/**
 * A variable that holds a configuration inline (text starting with `{` or `[`, JSON) or the path of a file holding
 * it (masking rules, sampler rules). `parse` reads a file's text (it may choose by the path's extension). The parsed
 * value, or undefined with one problem line on `reader` naming `fallback`: a file that cannot be read, text that
 * does not parse.
 */
export function readConfigSource(
  reader: EnvReader,
  name: string,
  fallback: string,
  parse: (text: string, path: string) => unknown = (text) => JSON.parse(text),
): { value: unknown; inline: boolean } | undefined {
  const source = reader.raw(name);
  if (source === undefined) return undefined;
  const inline = source.startsWith('{') || source.startsWith('[');
  let text = source;
  if (!inline) {
    try {
      text = readFileSync(source, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? cut((error as Error).message);
      reader.problem(name, `names a file that cannot be read (${why})`, fallback);
      return undefined;
    }
  }
  try {
    return { value: inline ? JSON.parse(text) : parse(text, source), inline };
  } catch (error) {
    const what = inline ? 'is not valid JSON' : 'names a file that cannot be parsed';
    // A parser's message may quote the text at length (YAML quotes lines): cut like any echoed value.
    reader.problem(name, `${what} (${cut((error as Error).message)})`, fallback);
    return undefined;
  }
}
