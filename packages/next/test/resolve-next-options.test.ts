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
    const lines: string[] = [];
    expect(resolveIgnore(option, { OTELKIT_NEXT_IGNORE: env }, (l) => lines.push(l))).toEqual(
      expected,
    );
    expect(lines).toHaveLength(warnings);
    for (const line of lines) expect(line).toMatch(/^@otelkit\/next: OTELKIT_NEXT_IGNORE "maybe"/);
  });
});

describe('validateNextOptions', () => {
  test.each<[string, unknown]>([
    ['ignore not an object', { ignore: 'static' }],
    ['ignore.paths with a number', { ignore: { paths: [42] } }],
    ['stripQueryParams not an array', { stripQueryParams: '_rsc' }],
    ['flushOnExit not a boolean', { flushOnExit: 'yes' }],
  ])('%s throws', (_name, options) => {
    expect(() => validateNextOptions(options as NextOtelOptions)).toThrow(
      /^@otelkit\/next: options\./,
    );
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
