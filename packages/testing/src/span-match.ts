import { attrMatches, formatValue } from './attr-match';
import type { Attributes, AttrExpectation, ExpectedSpan, ReceivedSpan } from './types';

function textMatches(actual: string | undefined, expected: string | RegExp): boolean {
  return expected instanceof RegExp
    ? actual !== undefined && expected.test(actual)
    : actual === expected;
}

function attributeProblems(
  actual: Attributes,
  expected: Record<string, AttrExpectation>,
): string[] {
  const problems: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    if (attrMatches(actual[key], want)) continue;
    const got = key in actual ? formatValue(actual[key]) : 'nothing (attribute missing)';
    problems.push(`attribute "${key}": expected ${formatValue(want)}, got ${got}`);
  }
  return problems;
}

/** Why `span` does not fit `expected`; empty when it does. */
export function spanProblems(span: ReceivedSpan, expected: ExpectedSpan): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string, want: unknown, got: unknown) => {
    if (!ok) problems.push(`${what}: expected ${formatValue(want)}, got ${formatValue(got)}`);
  };
  if (expected.name !== undefined)
    check(textMatches(span.name, expected.name), 'name', expected.name, span.name);
  if (expected.kind !== undefined)
    check(span.kindName === expected.kind, 'kind', expected.kind, span.kindName);
  if (expected.serviceName !== undefined) {
    check(
      textMatches(span.serviceName, expected.serviceName),
      'serviceName',
      expected.serviceName,
      span.serviceName,
    );
  }
  if (expected.attributes)
    problems.push(...attributeProblems(span.attributes, expected.attributes));
  const status = expected.status;
  if (status?.code !== undefined)
    check(span.status.code === status.code, 'status.code', status.code, span.status.code);
  if (status?.message !== undefined) {
    check(
      textMatches(span.status.message, status.message),
      'status.message',
      status.message,
      span.status.message,
    );
  }
  return problems;
}

/** A one-line rendering of an expectation, for messages. */
export function describeExpected(expected: ExpectedSpan): string {
  const parts: string[] = [];
  if (expected.name !== undefined) parts.push(`name=${formatValue(expected.name)}`);
  if (expected.kind !== undefined) parts.push(`kind=${expected.kind}`);
  if (expected.serviceName !== undefined)
    parts.push(`service=${formatValue(expected.serviceName)}`);
  if (expected.attributes) parts.push(`attributes=${formatValue(expected.attributes)}`);
  if (expected.status) parts.push(`status=${formatValue(expected.status)}`);
  return parts.length > 0 ? `{ ${parts.join(', ')} }` : '{ any span }';
}
