import { start } from '../src/start';

// Each row is rejected before anything is started, so no SDK is left behind by this file.
describe('start(): a bad option in code throws, for the plugins too', () => {
  test.each<[string, object, RegExp]>([
    [
      'own option',
      { samplerArg: 3 },
      /^@otelkit\/node: option samplerArg is 3; expected a number from 0 to 1$/,
    ],
    [
      'sampling preset',
      { sampling: 'nonsense' },
      /^@otelkit\/samplers: option sampling is "nonsense"; expected one of dev, balanced/,
    ],
    [
      'masking rule',
      { masking: { rules: [{ action: 'explode' }] } },
      /^@otelkit\/masking: option rules\[0\]\.action is "explode"; expected one of/,
    ],
  ])('%s', (_what, options, message) => {
    expect(() => start({ traceExporter: 'none', handleSignals: false, ...options })).toThrow(
      message,
    );
  });
});
