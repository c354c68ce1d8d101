import { matchesNoProxy, parseNoProxy } from '../../src/http/proxy/no-proxy';

describe('NO_PROXY: which destinations are reached directly', () => {
  test.each<[string, string, string, boolean]>([
    // value, destination host (as URL.hostname gives it), port, direct?
    ['', 'collector.example.com', '443', false],
    ['*', 'collector.example.com', '443', true],
    ['example.com', 'example.com', '443', true],
    ['example.com', 'collector.example.com', '443', true],
    ['example.com', 'notexample.com', '443', false],
    ['example.com', 'example.com.evil.net', '443', false],
    ['.example.com', 'collector.example.com', '443', true],
    ['.example.com', 'example.com', '443', true],
    ['*.example.com', 'collector.example.com', '443', true],
    ['EXAMPLE.com', 'Collector.Example.COM', '443', true],
    ['example.com.', 'collector.example.com', '443', true],
    ['example.com', 'collector.example.com.', '443', true],
    ['other.org, example.com', 'collector.example.com', '443', true],
    ['other.org example.com', 'collector.example.com', '443', true],
    ['example.com:4318', 'collector.example.com', '4318', true],
    ['example.com:4318', 'collector.example.com', '443', false],
    ['10.1.2.3', '10.1.2.3', '4318', true],
    ['10.1.2.3', '10.1.2.30', '4318', false],
    ['10.1.2.3:4318', '10.1.2.3', '4317', false],
    ['10.0.0.0/8', '10.200.1.1', '443', true],
    ['10.0.0.0/8', '11.0.0.1', '443', false],
    ['192.168.1.0/33', '192.168.1.1', '443', false],
    ['::1', '[::1]', '4318', true],
    ['[::1]', '[::1]', '4318', true],
    ['[::1]:4318', '[::1]', '4318', true],
    ['[::1]:4318', '[::1]', '4317', false],
    ['0:0::1', '[::1]', '4318', true],
    ['fd00::/8', '[fd12::1]', '443', true],
    ['fd00::/8', '[fe80::1]', '443', false],
    // An IP entry is not a name suffix, and a name never matches an address.
    ['1.2.3', '10.1.2.3', '443', false],
    ['localhost', '127.0.0.1', '4318', false],
    ['localhost', 'localhost', '4318', true],
    // Junk entries match nothing, and do not stop the others.
    [':::, [, 1.2.3.4/x, example.com', 'collector.example.com', '443', true],
    ['.', 'collector.example.com', '443', false],
  ])('NO_PROXY=%j, %s port %s → direct: %s', (value, host, port, direct) => {
    expect(matchesNoProxy(parseNoProxy(value), host, port)).toBe(direct);
  });
});
