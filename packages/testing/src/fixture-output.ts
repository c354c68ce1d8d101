/** Appends the child's output with its streams labelled, for failure messages. */
export function withOutput(message: string, stdout: string, stderr: string): string {
  const block = (label: string, text: string) =>
    `--- ${label} ---\n${text.length > 0 ? text.replace(/\n$/, '') : '(empty)'}`;
  return `${message}\n${block('stdout', stdout)}\n${block('stderr', stderr)}`;
}

export function matchText(text: string, pattern: string | RegExp): string | undefined {
  if (typeof pattern === 'string') return text.includes(pattern) ? pattern : undefined;
  const match = pattern.exec(text);
  if (pattern.global || pattern.sticky) pattern.lastIndex = 0;
  return match ? match[0] : undefined;
}
