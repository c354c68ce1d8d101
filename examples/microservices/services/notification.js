'use strict';
// Notification service: "sends" a receipt. Delivery is simulated by a short delay.
const { setTimeout: sleep } = require('node:timers/promises');
const { createApp, listen } = require('../lib/service');

const app = createApp();
const sent = [];

app.post('/notify', async (req, res) => {
  const { email, message } = req.body ?? {};
  if (!email || !message) return res.status(400).json({ error: 'email and message are required' });
  await sleep(15); // the mail relay
  sent.push({ email, message, at: new Date().toISOString() });
  res.json({ delivered: true, count: sent.length });
});

listen(app, 'notification');
