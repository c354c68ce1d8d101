import { TraceState } from '@opentelemetry/core';
import { readSamplingInfo } from '@otelkit/samplers';
import { parseOtValue, readOt, withThreshold } from '../src/consistent/ot-trace-state';

describe('ot tracestate entry', () => {
  test('reads th and rv and derives probability and adjusted count', () => {
    const info = readSamplingInfo(new TraceState('ot=th:c;rv:6e6d1a75832a2f,vendor=x'));
    expect(info).toEqual({
      threshold: 0xc0000000000000n,
      randomness: '6e6d1a75832a2f',
      probability: 0.25,
      adjustedCount: 4,
    });
  });

  test.each([
    ['th:', 'empty th'],
    ['th:xyz', 'non-hex th'],
    ['th:123456789abcdef0', 'th over 14 digits'],
    ['th:ABC', 'upper-case th'],
    ['rv:123', 'short rv'],
    ['rv:6E6D1A75832A2F', 'upper-case rv'],
    ['th:8;th:4', 'duplicate key'],
    ['th=8', 'no colon'],
    [';;', 'empty members'],
    ['Th:8', 'upper-case key'],
    ['th:8;x y:1', 'space in key'],
  ])('invalid %j (%s) is ignored without throwing', (value) => {
    expect(() => parseOtValue(value)).not.toThrow();
    const ot = parseOtValue(value);
    expect(ot.threshold).toBeUndefined();
    expect(ot.rv).toBeUndefined();
  });

  test('an invalid rv is never used and never rewritten, a valid th next to it still counts', () => {
    const ts = new TraceState('ot=rv:XYZ;th:8');
    expect(readOt(ts).threshold?.encoded).toBe('8');
    expect(withThreshold(ts, 'c')!.get('ot')).toBe('th:c;rv:XYZ');
  });

  test('an ot value over 256 characters is ignored and left untouched', () => {
    const long = 'th:8;' + Array.from({ length: 40 }, (_, i) => `k${i}:abcdef`).join(';');
    expect(long.length).toBeGreaterThan(256);
    expect(parseOtValue(long).malformed).toBe(true);
    expect(parseOtValue(long).threshold).toBeUndefined();
    // W3C TraceState itself rejects values over 256 characters; a writer never produces one either.
    const ts = new TraceState(`ot=${long},a=b`);
    expect(ts.get('ot')).toBeUndefined();
    expect(() => withThreshold(ts, 'c')).not.toThrow();
  });

  test('adding th that would push ot over 256 characters erases th instead', () => {
    const others = Array.from(
      { length: 25 },
      (_, i) => `k${String(i).padStart(2, '0')}:abcde`,
    ).join(';');
    const value = `th:8;${others}`;
    expect(value.length).toBeLessThanOrEqual(256);
    const ts = new TraceState(`ot=${value}`);
    const next = withThreshold(ts, 'fd70a4');
    const written = next!.get('ot')!;
    expect(written.length).toBeLessThanOrEqual(256);
    expect(written).toBe(others);
    expect(readOt(next).threshold).toBeUndefined();
  });

  test('setting th keeps rv and other members verbatim and other vendors untouched', () => {
    const ts = new TraceState('ot=rv:0123456789abcd;x:1,vendor=v1');
    const next = withThreshold(ts, 'e666')!;
    expect(next.get('ot')).toBe('th:e666;rv:0123456789abcd;x:1');
    expect(next.get('vendor')).toBe('v1');
  });

  test('erasing th keeps the rest; erasing the only member removes ot', () => {
    expect(withThreshold(new TraceState('ot=th:8;rv:0123456789abcd'), undefined)!.get('ot')).toBe(
      'rv:0123456789abcd',
    );
    expect(withThreshold(new TraceState('ot=th:8,a=b'), undefined)!.get('ot')).toBeUndefined();
    expect(withThreshold(new TraceState('ot=th:zz,a=b'), undefined)!.get('ot')).toBeUndefined();
  });

  test('no change returns the same instance (no allocation on the hot path)', () => {
    const ts = new TraceState('ot=th:8;rv:0123456789abcd');
    expect(withThreshold(ts, '8')).toBe(ts);
    const plain = new TraceState('a=b');
    expect(withThreshold(plain, undefined)).toBe(plain);
    expect(withThreshold(undefined, undefined)).toBeUndefined();
    // Roots share one immutable tracestate per threshold.
    expect(withThreshold(undefined, 'e666')).toBe(withThreshold(undefined, 'e666'));
    expect(withThreshold(undefined, 'e666')!.serialize()).toBe('ot=th:e666');
  });
});
