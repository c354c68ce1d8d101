'use strict';
// Auth service: checks the bearer token the gateway forwards and answers who the caller is.
const { createApp, listen } = require('../lib/service');

// A stand-in for a token store.
const TOKENS = new Map([['demo-token', { userId: 'user-42', email: 'ada@example.com' }]]);

const app = createApp();

app.post('/verify', (req, res) => {
  const token = String(req.body?.token ?? '');
  const user = TOKENS.get(token);
  if (!user) return res.status(401).json({ error: 'invalid token' });
  res.json(user);
});

listen(app, 'auth');
