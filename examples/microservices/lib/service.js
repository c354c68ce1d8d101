'use strict';
// What every service of the example shares: an express app with JSON bodies and a health check,
// a listen() that prints one "listening on <url>" line the demo waits for, and a graceful stop.
const express = require('express');

function createApp() {
  const app = express();
  app.use(express.json());
  app.get('/healthz', (_req, res) => res.send('ok'));
  return app;
}

function listen(app, name) {
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    console.log(`${name} listening on http://127.0.0.1:${server.address().port}`);
  });
  // Closing the server lets the process end by itself, so the tracing SDK can flush on exit.
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
  return server;
}

/** Error handler that answers JSON and keeps the upstream status when there is one. */
function jsonErrors(name) {
  // Express recognises an error handler by its four parameters.
  return (err, _req, res, _next) => {
    console.error(`${name}: ${err.message}`);
    res.status(err.status ?? 500).json({ error: err.message });
  };
}

module.exports = { createApp, listen, jsonErrors };
