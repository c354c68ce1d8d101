import { join } from 'node:path';
import type { RE2JS } from 're2js';
import { MaskingSpanProcessor } from '@otelkit/masking';
import type { MaskingOptions } from '@otelkit/masking';
import { record } from './helpers/record';

describe('bad rules throw at construction with a clear message', () => {
  test.each<[string, MaskingOptions, RegExp]>([
    [
      'unknown action',
      { rules: [{ keys: 'a', action: 'zap' as never }] },
      /^@otelkit\/masking: option rules\[0\]\.action is "zap"; expected one of redact, hash/,
    ],
    [
      'no matcher',
      { rules: [{ action: 'redact' }] },
      /option rules\[0\] is .*; expected a rule with keys, value or detector/,
    ],
    [
      'bad regex',
      { rules: [{ value: '(', action: 'redact' }] },
      /option rules\[0\]\.value is "\("; expected .* it is not a valid regular expression/,
    ],
    [
      'backreference',
      { rules: [{ value: '(a)\\1', action: 'redact' }] },
      /option rules\[0\]\.value is .*; expected a regular expression that runs in linear time, but it uses a backreference/,
    ],
    [
      'hash without key',
      { rules: [{ name: 'ids', keys: 'id', action: 'hash' }] },
      /option hashKey is undefined; expected a non-empty string: rules\[0\] hashes values/,
    ],
    [
      'truncate without maxBytes',
      { rules: [{ keys: 'a', action: 'truncate' }] },
      /option rules\[0\]\.maxBytes is undefined; expected a positive integer/,
    ],
    [
      'replace without value',
      { rules: [{ keys: 'a', action: 'replace', replacement: 'x' }] },
      /option rules\[0\]\.value is undefined; expected a value pattern \(replace needs one\)/,
    ],
    [
      'drop-span without where',
      { rules: [{ action: 'drop-span' }] },
      /option rules\[0\]\.where is undefined; expected a condition/,
    ],
    [
      'unknown detector',
      { rules: [{ detector: 'ssn' as never, action: 'redact' }] },
      /option rules\[0\]\.detector is "ssn"; expected one of/,
    ],
    [
      'bad kind',
      { rules: [{ keys: 'a', action: 'redact', where: { kind: 'edge' as never } }] },
      /option rules\[0\]\.where\.kind is "edge"; expected one of internal/,
    ],
    [
      'unknown transform',
      { rules: [{ transform: 'explode' } as never] },
      /option rules\[0\]\.transform is "explode"; expected one of replace_pattern/,
    ],
    [
      'bad set value',
      { rules: [{ transform: 'set', key: 'a', value: { x: 1 } as never }] },
      /option rules\[0\]\.value is \{"x":1\}; expected a string, number, boolean/,
    ],
    [
      'unknown option',
      { masks: 'x' } as never,
      /option masks is "x"; expected absent: options are preset, detectors/,
    ],
    [
      'bad preset',
      { preset: 'paranoid' as never },
      /option preset is "paranoid"; expected one of default, strict, none/,
    ],
    [
      'bad detector switch',
      { detectors: { phone: 'yes' as never } },
      /option detectors\.phone is "yes"; expected a boolean/,
    ],
    [
      'tiny maxValueLength',
      { maxValueLength: 3 },
      /option maxValueLength is 3; expected an integer >= 64/,
    ],
  ])('%s', (_name, options, message) => {
    expect(() => new MaskingSpanProcessor(options)).toThrow(TypeError);
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
    // A throwing pattern engine (configured value patterns run on re2js) on this one value stands in for any
    // runtime failure inside a rule.
    // re2js is core's dependency: loaded from there, it is the very module the patterns use.
    const re2js = require(
      require.resolve('re2js', { paths: [join(__dirname, '../../core')] }),
    ) as typeof import('re2js');
    const proto = re2js.RE2JS.prototype as unknown as { matcher(text: string): unknown };
    const original = proto.matcher;
    const spy = jest.spyOn(proto, 'matcher').mockImplementation(function (
      this: RE2JS,
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
