import { recordOne } from './helpers/record';
import type { Rule } from '@otelkit/masking';

const input = { attributes: { v: 'id=ABC-123' } };

test.each<[string, Rule[], string]>([
  [
    'replace then redact: the redact sees the replaced text',
    [
      { value: 'ABC-(\\d+)', action: 'replace', replacement: 'X$1' },
      { value: 'X\\d+', action: 'redact' },
    ],
    'id=[REDACTED]',
  ],
  [
    'redact then replace: the replace finds nothing left',
    [
      { value: 'X\\d+', action: 'redact' },
      { value: 'ABC-(\\d+)', action: 'replace', replacement: 'X$1' },
    ],
    'id=X123',
  ],
  [
    'a terminal key action stops later rules on that value',
    [
      { keys: 'v', action: 'redact', mask: 'M' },
      { keys: 'v', action: 'redact', mask: 'N' },
    ],
    'M',
  ],
  [
    'truncate is not terminal: later rules still run',
    [
      { keys: 'v', action: 'truncate', maxBytes: 7 },
      { value: 'ABC', action: 'redact' },
    ],
    'id=[REDACTED]-',
  ],
  [
    'transforms run before masking rules whatever their position',
    [
      { value: 'ID=', action: 'redact' },
      { transform: 'replace_pattern', key: 'v', pattern: 'id=', replacement: 'ID=' },
    ],
    '[REDACTED]ABC-123',
  ],
])('%s', (_name, rules, expected) => {
  expect(recordOne({ preset: 'none', rules }, input).attributes.v).toBe(expected);
});

test('user rules run before detectors, env-file rules after code rules (see config tests)', () => {
  const span = recordOne(
    { rules: [{ keys: 'mail', action: 'redact', mask: '<mail>' }] },
    { attributes: { mail: 'a@b.io' } },
  );
  expect(span.attributes.mail).toBe('<mail>');
});
