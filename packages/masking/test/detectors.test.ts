import { recordOne } from './helpers/record';
import type { MaskingOptions } from '@otelkit/masking';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----';

function masked(value: string, options: MaskingOptions = {}, key = 'app.value'): unknown {
  return recordOne(options, { attributes: { [key]: value } }).attributes[key];
}

describe('default detectors mask secrets inside values', () => {
  test.each([
    ['email', 'contact alice.smith+tag@mail.example.co.uk now', 'contact [REDACTED] now'],
    ['percent-encoded email', '/users?email=alice%40example.com', '/users?email=[REDACTED]'],
    ['valid Visa', 'card 4111 1111 1111 1111 ok', 'card [REDACTED] ok'],
    ['valid Mastercard with dashes', '5555-5555-5555-4444', '[REDACTED]'],
    ['valid Amex', '378282246310005', '[REDACTED]'],
    ['JWT', `session ${JWT} end`, 'session [REDACTED] end'],
    [
      'bearer keeps its scheme',
      'Authorization: Bearer abcDEF123456789',
      'Authorization: Bearer [REDACTED]',
    ],
    ['basic credentials', 'Basic dXNlcjpwYXNzd29yZA==', 'Basic [REDACTED]'],
    ['AWS access key', 'key=AKIAIOSFODNN7EXAMPLE;', 'key=[REDACTED];'],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', '[REDACTED]'],
    ['Slack token', 'xoxb-123456789012-abcdefghijkl', '[REDACTED]'],
    ['Stripe secret key', 'sk_live_abcdefghijklmnop1234', '[REDACTED]'],
    ['PEM private key', `cfg ${PEM} tail`, 'cfg [REDACTED] tail'],
    ['PEM private key without END', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg', '[REDACTED]'],
    [
      'password assignment',
      'login failed: password=hunter2 for bob',
      'login failed: password=[REDACTED] for bob',
    ],
    [
      'JSON secret',
      '{"client_secret":"s3cr3t","user":"bob"}',
      '{"client_secret":"[REDACTED]","user":"bob"}',
    ],
    [
      'URL userinfo',
      'postgres://app:pa55@db.internal:5432/x',
      'postgres://REDACTED:REDACTED@db.internal:5432/x',
    ],
    [
      'sensitive query parameters',
      '/cb?code=abc&state=ok&access_token=xyz&X-Amz-Signature=f00',
      '/cb?code=REDACTED&state=ok&access_token=REDACTED&X-Amz-Signature=REDACTED',
    ],
    ['url.query without ?', 'api_key=123&page=2', 'api_key=REDACTED&page=2'],
  ])('%s', (_name, input, expected) => {
    expect(masked(input)).toBe(expected);
  });
});

describe('default detectors leave look-alikes alone', () => {
  test.each([
    ['Luhn-invalid card number (an order id)', 'order 4111 1111 1111 1112'],
    ['epoch millis timestamp', 'ts=1718000000000'],
    ['hex digest', 'sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['plain route', '/users/42/orders'],
    ['author query param', '/books?author=tolkien'],
    ['IP address (off by default)', 'client 10.1.2.3'],
    ['phone number (off by default)', 'call +1 415-555-0100'],
  ])('%s', (_name, input) => {
    expect(masked(input)).toBe(input);
  });
});

describe('key-name detectors mask whole values', () => {
  test.each([
    ['db.password'],
    ['http.request.header.authorization'],
    ['http.request.header.cookie'],
    ['http.response.header.set-cookie'],
    ['http.request.header.x-api-key'],
    ['app.clientSecret'],
    ['app.accessToken'],
    ['gen_ai.input.messages'],
    ['gen_ai.output.messages'],
    ['gen_ai.system_instructions'],
    ['gen_ai.prompt.0.content'],
    ['gen_ai.completion.0.content'],
    ['gen_ai.tool.call.arguments'],
    ['ai.prompt.messages'],
  ])('%s', (key) => {
    expect(masked('some value', {}, key)).toBe('[REDACTED]');
  });

  test.each([
    ['gen_ai.usage.input_tokens'],
    ['llm.token_count.total'],
    ['http.route'],
    ['session.id'],
  ])('%s is kept', (key) => {
    expect(masked('some value', {}, key)).toBe('some value');
  });

  test('token counters stay numbers', () => {
    const span = recordOne({}, { attributes: { 'app.token': 5, 'gen_ai.usage.output_tokens': 7 } });
    expect(span.attributes).toEqual({ 'app.token': 5, 'gen_ai.usage.output_tokens': 7 });
  });
});

describe('presets and detector switches', () => {
  test('strict adds IP addresses, phones, headers and user identity', () => {
    const span = recordOne(
      { preset: 'strict' },
      {
        attributes: {
          'client.address': '10.1.2.3',
          'net.peer': 'fe80:0:0:0:0:0:0:1',
          note: 'call +1 415-555-0100',
          'http.request.header.accept': 'text/html',
          'enduser.id': 'bob',
        },
      },
    );
    expect(span.attributes).toMatchObject({
      'client.address': '[REDACTED]',
      'net.peer': '[REDACTED]',
      note: 'call [REDACTED]',
      'http.request.header.accept': '[REDACTED]',
      'enduser.id': '[REDACTED]',
    });
  });

  test('preset none runs only your rules', () => {
    expect(masked('alice@example.com', { preset: 'none' })).toBe('alice@example.com');
  });

  test('detectors turn single detectors on and off', () => {
    expect(
      masked('alice@example.com 10.0.0.1', { detectors: { email: false, 'ip-address': true } }),
    ).toBe('alice@example.com [REDACTED]');
  });

  test('keepGenAiContent keeps prompt content but still masks secrets inside it', () => {
    expect(
      masked('my key is AKIAIOSFODNN7EXAMPLE', { keepGenAiContent: true }, 'gen_ai.input.messages'),
    ).toBe('my key is [REDACTED]');
  });
});

test('only exact `code` is a sensitive query parameter', () => {
  expect(masked('/geo?zip_code=10001&code=x1')).toBe('/geo?zip_code=10001&code=REDACTED');
});
