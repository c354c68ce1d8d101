'use strict';
// The demo's command line: `pnpm demo` runs once and exits; `pnpm demo --view` keeps the trace in
// `otelkit view` (@otelkit/cli) until Ctrl+C.

const USAGE = `usage: pnpm demo [--view [--port N] [--ui-port N]]
  --view        send the traces to otelkit view and leave it running (Ctrl+C stops it)
  --port N      its OTLP/HTTP port (default 4318; 0 picks a free one)
  --ui-port N   its web UI port (default 16686; 0 picks a free one)`;

/** `{ view, port, uiPort }`, `{ help }` with the usage, or `{ error }` with what is wrong and the usage. */
function parseDemoArgs(argv) {
  const options = { view: false, port: undefined, uiPort: undefined };
  const ports = { '--port': 'port', '--ui-port': 'uiPort' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--view') options.view = true;
    else if (arg === '--help' || arg === '-h') return { help: USAGE };
    else if (ports[arg]) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 65535)
        return { error: `${arg} needs a port number (0-65535)\n${USAGE}` };
      options[ports[arg]] = value;
    } else return { error: `unknown argument ${JSON.stringify(arg)}\n${USAGE}` };
  }
  if (!options.view && (options.port !== undefined || options.uiPort !== undefined))
    return { error: `--port and --ui-port go with --view\n${USAGE}` };
  return options;
}

module.exports = { parseDemoArgs };
