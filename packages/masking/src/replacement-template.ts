type Part = string | number | { name: string };

/**
 * Parses a `String.prototype.replace` template once (`$1`..`$99`, `$<name>`, `$&`, `$$`) so a replacer
 * function can both expand it and count matches.
 */
export function compileTemplate(
  template: string,
): (
  match: string,
  groups: readonly unknown[],
  named: Record<string, string> | undefined,
) => string {
  const parts: Part[] = [];
  const token = /\$(\$|&|<([^>]+)>|(\d{1,2}))/g;
  let last = 0;
  for (let m = token.exec(template); m !== null; m = token.exec(template)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    if (m[1] === '$') parts.push('$');
    else if (m[1] === '&') parts.push(0);
    else if (m[2] !== undefined) parts.push({ name: m[2] });
    else parts.push(Number(m[3]));
    last = token.lastIndex;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (parts.every((p) => typeof p === 'string')) {
    const fixed = parts.join('');
    return () => fixed;
  }
  return (match, groups, named) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else if (typeof p === 'number')
        out += p === 0 ? match : ((groups[p - 1] as string | undefined) ?? '');
      else out += named?.[p.name] ?? '';
    }
    return out;
  };
}
