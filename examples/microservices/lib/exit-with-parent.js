'use strict';
// Demo plumbing, not part of the services: preloaded into every process the demo starts so that
// it stops by itself once the demo is gone, even when the demo was killed with SIGKILL and had
// no chance to clean up. A reparented process sees its parent pid change.
const parent = process.ppid;

const watchdog = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watchdog);
  process.kill(process.pid, 'SIGTERM');
  // SIGTERM lets the service close and flush; this only fires if something still holds it open.
  setTimeout(() => process.exit(1), 5_000).unref();
}, 1_000);
watchdog.unref();
