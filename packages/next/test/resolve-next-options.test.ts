import type { IncomingMessage } from 'node:http';
import { NextSpanProcessor } from '../src/next-span-processor';
import { resolveIgnore, toStartOptions, validateNextOptions } from '../src/resolve-next-options';
import type { NextOtelOptions } from '../src/types';

describe('resolveIgnore: code > OTELKIT_NEXT_IGNORE > default', () => {
  test.each<[string, NextOtelOptions['ignore'], string | undefined, unknown, number]>([
    ['default', undefined, undefined, {}, 0],
    ['env on', undefined, 'on', {}, 0],
    ['env off', undefined, 'off', false, 0],
    ['env OFF (any case)', undefined, ' OFF ', false, 0],
    ['code false wins over env on', false, 'on', false, 0],
    ['code object wins over env off', { prefetch: false }, 'off', { prefetch: false }, 0],
    ['bad env value: one warning, default', undefined, 'maybe', {}, 1],
  ])('%s', (_name, option, env, expected, warnings) => {
    const { ignore, problems } = resolveIgnore(option, { OTELKIT_NEXT_IGNORE: env });
    expect(ignore).toEqual(expected);
    expect(problems).toHaveLength(warnings);
    for (const line of problems)
      expect(line).toBe('OTELKIT_NEXT_IGNORE="maybe" is not one of on, off; using "on"');
  });

  test('toStartOptions prints the problem once, with the package prefix', () => {
    const lines: string[] = [];
    const processor = new NextSpanProcessor([]);
    toStartOptions({}, { OTELKIT_NEXT_IGNORE: 'maybe' }, (l) => lines.push(l), processor);
    expect(lines).toEqual([
      '@otelkit/next: OTELKIT_NEXT_IGNORE="maybe" is not one of on, off; using "on"',
    ]);
  });
});

describe('validateNextOptions', () => {
  test.each<[string, unknown, string]>([
    ['ignore not an object', { ignore: 'static' }, 'option ignore is "static"; expected false or'],
    [
      'ignore.paths with a number',
      { ignore: { paths: ['/a', 42] } },
      'option ignore.paths[1] is 42; expected a string or a RegExp',
    ],
    [
      'ignore.paths with a backreference',
      { ignore: { paths: [/^\/(a)\1/] } },
      `option ignore.paths[0] is ${JSON.stringify('^\\/(a)\\1')}; expected a regular expression that runs in linear time`,
    ],
    [
      'stripQueryParams not an array',
      { stripQueryParams: '_rsc' },
      'option stripQueryParams is "_rsc"; expected an array of strings',
    ],
    [
      'flushOnExit not a boolean',
      { flushOnExit: 'yes' },
      'option flushOnExit is "yes"; expected a boolean',
    ],
  ])('%s throws a TypeError naming the option', (_name, options, message) => {
    const validate = () => validateNextOptions(options as NextOtelOptions);
    expect(validate).toThrow(TypeError);
    expect(validate).toThrow(`@otelkit/next: ${message}`);
  });

  test('valid options pass', () => {
    expect(() =>
      validateNextOptions({
        ignore: { paths: ['/a', /b/] },
        stripQueryParams: [],
        flushOnExit: false,
      }),
    ).not.toThrow();
  });
});

describe('toStartOptions', () => {
  const processor = new NextSpanProcessor([]);
  const req = (url: string) => ({ url, headers: {} }) as unknown as IncomingMessage;

  test('our processor runs first, the caller keeps every start() option', () => {
    const mine = new NextSpanProcessor([]);
    const options = toStartOptions(
      { serviceName: 'shop', spanProcessors: [mine], stripQueryParams: ['x'], flushOnExit: true },
      {},
      () => undefined,
      processor,
    );
    expect(options.serviceName).toBe('shop');
    expect(options.spanProcessors).toEqual([processor, mine]);
    expect(options).not.toHaveProperty('stripQueryParams');
    expect(options).not.toHaveProperty('flushOnExit');
  });

  test("the noise test joins the caller's ignoreIncomingRequestHook", () => {
    const theirs = (r: IncomingMessage) => r.url === '/health';
    const options = toStartOptions(
      { instrumentations: { config: { http: { ignoreIncomingRequestHook: theirs, x: 1 } } } },
      {},
      () => undefined,
      processor,
    );
    const http = options.instrumentations!.config!.http!;
    const hook = http.ignoreIncomingRequestHook as (r: IncomingMessage) => boolean;
    expect(http.x).toBe(1);
    expect([hook(req('/health')), hook(req('/_next/static/a.js')), hook(req('/orders/1'))]).toEqual(
      [true, true, false],
    );
  });

  test('ignore: false leaves the http config as the caller gave it', () => {
    const options = toStartOptions({ ignore: false }, {}, () => undefined, processor);
    expect(options.instrumentations!.config!.http).toEqual({});
  });
});
