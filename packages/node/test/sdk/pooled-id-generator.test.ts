import { PooledIdGenerator } from '../../src/sdk/pooled-id-generator';

const filledWith = (byte: number) => (pool: Buffer) => pool.fill(byte);

describe('ids from the pooled generator', () => {
  test.each([
    ['span id', 'generateSpanId', /^[0-9a-f]{16}$/],
    ['trace id', 'generateTraceId', /^[0-9a-f]{32}$/],
  ] as const)('a %s is lowercase hex of its W3C length, and ids differ', (_name, method, shape) => {
    const generator = new PooledIdGenerator();
    const ids = new Set<string>();
    // 3000 ids run through the 4096-byte pool several times: refills give fresh bytes.
    for (let i = 0; i < 3000; i++) {
      const id = generator[method]();
      expect(id).toMatch(shape);
      ids.add(id);
    }
    expect(ids.size).toBe(3000);
  });

  test.each([
    ['span id', 'generateSpanId', '0000000000000001'],
    ['trace id', 'generateTraceId', '00000000000000000000000000000001'],
  ] as const)('an all-zero %s ends in 1 instead', (_name, method, expected) => {
    expect(new PooledIdGenerator(filledWith(0))[method]()).toBe(expected);
  });

  test.each([
    ['span id', 'generateSpanId', 'abababababababab'],
    ['trace id', 'generateTraceId', 'abababababababababababababababab'],
  ] as const)('a %s is the pool bytes as drawn', (_name, method, expected) => {
    expect(new PooledIdGenerator(filledWith(0xab))[method]()).toBe(expected);
  });

  test('the pool is refilled only when used up: one fill per 512 span ids', () => {
    let fills = 0;
    const generator = new PooledIdGenerator((pool) => {
      fills++;
      pool.fill(fills);
    });
    const ids = Array.from({ length: 513 }, () => generator.generateSpanId());
    expect(fills).toBe(2);
    expect(ids[511]).toBe('0101010101010101');
    expect(ids[512]).toBe('0202020202020202');
  });

  test('two generators draw from pools of their own', () => {
    const a = new PooledIdGenerator(filledWith(1));
    const b = new PooledIdGenerator(filledWith(2));
    expect([a.generateSpanId(), b.generateSpanId()]).toEqual([
      '0101010101010101',
      '0202020202020202',
    ]);
  });
});
