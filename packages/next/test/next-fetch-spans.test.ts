import { keepOneFetchSpan } from '../src/next-fetch-spans';

describe('keepOneFetchSpan: NEXT_OTEL_FETCH_DISABLED when tracing starts', () => {
  test.each([
    ['unset', undefined, '1'],
    ['0 (the user keeps Next.js’s fetch span)', '0', '0'],
    ['1', '1', '1'],
    ['empty', '', ''],
  ])('%s', (_name, before, after) => {
    const env: NodeJS.ProcessEnv = before === undefined ? {} : { NEXT_OTEL_FETCH_DISABLED: before };
    keepOneFetchSpan(env);
    expect(env.NEXT_OTEL_FETCH_DISABLED).toBe(after);
  });
});
