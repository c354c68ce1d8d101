#!/usr/bin/env node
import { isLoopback } from './host-check';
import { parseCommand, USAGE } from './parse-args';
import { describeStart, describeStartError } from './start-lines';
import { startViewer } from './viewer';
import type { Viewer } from './types';

// Ctrl+C must end the process promptly even if a browser keeps a connection open.
const CLOSE_GRACE_MS = 1_000;

async function main(): Promise<number | undefined> {
  const command = parseCommand(process.argv.slice(2));
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command.kind === 'error') {
    console.error(`otelkit: ${command.message}\n${USAGE}`);
    return 2;
  }
  let viewer: Viewer | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(0); // a second Ctrl+C: no more waiting
    stopping = true;
    setTimeout(() => process.exit(0), CLOSE_GRACE_MS).unref();
    const closed = viewer ? viewer.close() : Promise.resolve();
    closed.then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  // Before listening, so a Ctrl+C during start-up is handled the same way.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    viewer = await startViewer(command.options);
  } catch (err) {
    console.error(describeStartError(err, command.options));
    return 1;
  }
  console.log(describeStart(viewer));
  const { host } = command.options;
  if (host !== undefined && !isLoopback(host)) {
    console.log(
      `  warning: listening on ${host}, not loopback: anyone who reaches these ports can send spans and read every span received`,
    );
  }
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`otelkit: ${(err as Error)?.message ?? String(err)}`);
    process.exitCode = 1;
  },
);
