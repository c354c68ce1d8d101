/**
 * Rejects the shapes that backtrack catastrophically: an unboundedly repeated group whose body is itself
 * quantified (`(a+)+`, `(\w*)*`, `(x{1,9})+`), and backreferences. Bounded outer counts such as
 * `(\d{1,3}\.){3}` pass. A heuristic, not a proof: values are also capped before any regex runs, which bounds
 * what a slow pattern can cost.
 */
const NESTED_QUANTIFIER =
  /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\})/;
const BACKREFERENCE = /\\[1-9]|\\k</;

export function vetRegex(re: RegExp, what: string): RegExp {
  if (NESTED_QUANTIFIER.test(re.source)) {
    throw new Error(
      `@otelkit/masking: ${what} /${re.source}/ nests a quantifier inside a repeated group, which can backtrack catastrophically; rewrite it without the outer repetition`,
    );
  }
  if (BACKREFERENCE.test(re.source)) {
    throw new Error(
      `@otelkit/masking: ${what} /${re.source}/ uses a backreference, which is not allowed (unbounded matching cost)`,
    );
  }
  return re;
}
