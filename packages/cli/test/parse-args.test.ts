import { parseCommand } from '../src/parse-args';

describe('otelkit command line', () => {
  test.each([
    [['view'], { kind: 'view', options: {} }],
    [
      ['view', '--port', '0', '--ui-port', '9000', '--host', '0.0.0.0', '--max-spans', '1000'],
      { kind: 'view', options: { port: 0, uiPort: 9000, host: '0.0.0.0', maxSpans: 1000 } },
    ],
    [['view', '--port=4319'], { kind: 'view', options: { port: 4319 } }],
    [[], { kind: 'help' }],
    [['--help'], { kind: 'help' }],
    [['view', '--help'], { kind: 'help' }],
  ])('%j → %j', (argv, expected) => {
    const command = parseCommand(argv);
    if (command.kind === 'view') {
      const defined = Object.fromEntries(
        Object.entries(command.options).filter(([, v]) => v !== undefined),
      );
      expect({ kind: 'view', options: defined }).toEqual(expected);
    } else expect(command).toEqual(expected);
  });

  test.each([
    [['serve'], /unknown command "serve"/],
    [['view', '--port', 'abc'], /--port "abc" is not a whole number from 0 to 65535/],
    [['view', '--port', '70000'], /--port "70000"/],
    [['view', '--max-spans', '10'], /--max-spans "10" is not a whole number from 100 to 1000000/],
    [['view', '--ui-port', '1.5'], /--ui-port/],
    [['view', '--host', ''], /--host is empty/],
    [['view', '--colour'], /--colour/],
    [['view', 'extra'], /extra/],
  ])('%j → one error line', (argv, message) => {
    const command = parseCommand(argv);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toMatch(message);
  });
});
