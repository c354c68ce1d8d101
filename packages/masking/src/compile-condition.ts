import { SpanKind } from '@opentelemetry/api';
import type { CompiledCondition, MutableSpan } from './internal-types';
import { fail } from './fail';
import { compilePattern } from './patterns';
import type { AttributeCondition, Condition, Pattern, SpanKindName } from './types';

const KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

type Test = (span: MutableSpan) => boolean;

function textTest(pattern: Pattern, option: string): (text: string) => boolean {
  const compiled = compilePattern(pattern, option);
  return typeof compiled === 'string' ? (t) => t === compiled : compiled;
}

function scalarMatches(
  value: unknown,
  cond: Exclude<AttributeCondition, { exists: boolean }>,
  text: ((t: string) => boolean) | undefined,
): boolean {
  if (text === undefined) return value === cond;
  if (typeof value === 'string') return text(value);
  return (typeof value === 'number' || typeof value === 'boolean') && text(String(value));
}

const CONDITION = 'a pattern, a number, a boolean or { exists: boolean }';

function attributeTest(key: string, cond: AttributeCondition, what: string): Test {
  if (typeof cond === 'object' && cond !== null && !(cond instanceof RegExp)) {
    if (typeof cond.exists !== 'boolean') fail(what, cond, CONDITION);
    const want = cond.exists;
    return (span) => (span.attributes[key] !== undefined) === want;
  }
  if (
    typeof cond !== 'string' &&
    typeof cond !== 'number' &&
    typeof cond !== 'boolean' &&
    !(cond instanceof RegExp)
  )
    fail(what, cond, CONDITION);
  const text =
    typeof cond === 'string' || cond instanceof RegExp ? textTest(cond, what) : undefined;
  return (span) => {
    const value = span.attributes[key];
    if (Array.isArray(value)) return value.some((v) => scalarMatches(v, cond, text));
    return scalarMatches(value, cond, text);
  };
}

/** Compiles a `where` clause once; every given field must hold. */
export function compileCondition(
  where: Condition | undefined,
  label: string,
): CompiledCondition | undefined {
  if (where === undefined) return undefined;
  if (typeof where !== 'object' || where === null) fail(`${label}.where`, where, 'an object');
  const tests: Test[] = [];
  if (where.name !== undefined) {
    const t = textTest(where.name, `${label}.where.name`);
    tests.push((span) => t(span.name));
  }
  if (where.scope !== undefined) {
    const t = textTest(where.scope, `${label}.where.scope`);
    tests.push((span) => t(span.instrumentationScope?.name ?? ''));
  }
  if (where.kind !== undefined) {
    const names = Array.isArray(where.kind) ? where.kind : [where.kind];
    const kinds = names.map((n) => {
      const kind = KINDS[n];
      if (kind === undefined)
        fail(`${label}.where.kind`, n, `one of ${Object.keys(KINDS).join(', ')}`);
      return kind;
    });
    tests.push((span) => kinds.includes(span.kind));
  }
  for (const [key, cond] of Object.entries(where.attributes ?? {})) {
    tests.push(attributeTest(key, cond, `${label}.where.attributes[${JSON.stringify(key)}]`));
  }
  if (tests.length === 0)
    fail(`${label}.where`, where, 'at least one of name, kind, attributes, scope');
  return { test: (span) => tests.every((t) => t(span)) };
}
