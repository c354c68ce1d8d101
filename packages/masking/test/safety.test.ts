import { MaskingSpanProcessor } from '@otelkit/masking';
import type { MaskingOptions } from '@otelkit/masking';
import { record } from './helpers/record';

describe('bad rules throw at construction with a clear message', () => {
  test.each<[string, MaskingOptions, RegExp]>([
    [
      'unknown action',
      { rules: [{ keys: 'a', action: 'zap' as never }] },
      /rules\[0\]: action "zap" is not one of/,
    ],
    ['no matcher', { rules: [{ action: 'redact' }] }, /needs keys, value or detector/],
    [
      'bad regex',
      { rules: [{ value: '(', action: 'redact' }] },
      /is not a valid regular expression/,
    ],
    [
      'catastrophic regex',
      { rules: [{ value: '(a+)+$', action: 'redact' }] },
      /backtrack catastrophically/,
    ],
    ['backreference', { rules: [{ value: '(a)\\1', action: 'redact' }] }, /backreference/],
    [
      'hash without key',
      { rules: [{ name: 'ids', keys: 'id', action: 'hash' }] },
      /rule "ids": hashes values but no hashKey/,
    ],
    [
      'truncate without maxBytes',
      { rules: [{ keys: 'a', action: 'truncate' }] },
      /maxBytes must be a positive integer/,
    ],
    [
      'replace without value',
      { rules: [{ keys: 'a', action: 'replace', replacement: 'x' }] },
      /replace needs a value pattern/,
    ],
    ['drop-span without where', { rules: [{ action: 'drop-span' }] }, /drop-span needs a where/],
    [
      'unknown detector',
      { rules: [{ detector: 'ssn' as never, action: 'redact' }] },
      /unknown detector "ssn"/,
    ],
    [
      'bad kind',
      { rules: [{ keys: 'a', action: 'redact', where: { kind: 'edge' as never } }] },
      /where.kind "edge"/,
    ],
    [
      'unknown transform',
      { rules: [{ transform: 'explode' } as never] },
      /unknown transform "explode"/,
    ],
    [
      'bad set value',
      { rules: [{ transform: 'set', key: 'a', value: { x: 1 } as never }] },
      /value must be a string/,
    ],
    ['unknown option', { masks: 'x' } as never, /unknown option "masks"/],
    ['bad preset', { preset: 'paranoid' as never }, /preset "paranoid"/],
    [
      'bad detector switch',
      { detectors: { phone: 'yes' as never } },
      /detectors.phone must be a boolean/,
    ],
    ['tiny maxValueLength', { maxValueLength: 3 }, /maxValueLength must be an integer >= 64/],
  ])('%s', (_name, options, message) => {
    expect(() => new MaskingSpanProcessor(options)).toThrow(message);
  });

  test('bounded repetition of a quantified group is accepted', () => {
    expect(
      () =>
        new MaskingSpanProcessor({
          rules: [{ value: '(\\d{1,3}\\.){3}\\d{1,3}', action: 'redact' }],
        }),
    ).not.toThrow();
  });
});

describe('a failing rule never throws into the pipeline and fails closed', () => {
  function failingOptions(warn: jest.Mock): MaskingOptions {
    return {
      preset: 'none',
      warn,
      rules: [
        {
          name: 'boom',
          keys: 'v',
          value: 'x',
          action: 'replace',
          replacement: '$&',
        },
      ],
    };
  }

  test('the value is masked, the failure reported once', () => {
    const warn = jest.fn();
    const options = failingOptions(warn);
    // A throwing RegExp#exec (what value rules run) on this one value stands in for any runtime failure inside a rule.
    const original = RegExp.prototype.exec;
    const spy = jest.spyOn(RegExp.prototype, 'exec').mockImplementation(function (
      this: RegExp,
      text: string,
    ) {
      if (text.startsWith('secret-x')) throw new Error('kaboom');
      return original.call(this, text);
    });
    try {
      const spans = record(
        options,
        { attributes: { v: 'secret-x1' } },
        { attributes: { v: 'secret-x2' } },
      );
      expect(spans.map((s) => s.attributes.v)).toEqual(['[REDACTED]', '[REDACTED]']);
      expect(spans[0].attributes['otelkit.masking.count']).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^@otelkit\/masking: rule "boom" failed \(kaboom\)/);
  });
});
