'use strict';
// The app under load in the HTTP benchmark: a small express server (a JSON route with a path
// parameter, a query string and a header worth masking). Started by http-bench.js with or without a
// tracing --require; tells its parent the port over IPC, its CPU time when asked, and exits when told to.
const express = require('express');

const app = express();
const items = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 3 }));

app.get('/items/:id', (req, res) => {
  const item = items[Number(req.params.id) % items.length];
  res.setHeader('cache-control', 'no-store');
  res.json({ ...item, user: req.query.user ?? null });
});

const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message === 'stop') server.close(() => process.exit(0));
  // CPU this process has used (all threads: the app, GC helpers, the exporter), for CPU per request.
  if (message === 'cpu') process.send({ cpu: process.cpuUsage() });
});
