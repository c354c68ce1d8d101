'use strict';
// API gateway: POST /pay authenticates the caller, charges the order and sends a receipt.
const { createApp, listen, jsonErrors } = require('../lib/service');
const { postJson, serviceUrl } = require('../lib/post-json');

const AUTH_URL = serviceUrl('AUTH_URL');
const PAYMENT_URL = serviceUrl('PAYMENT_URL');
const NOTIFICATION_URL = serviceUrl('NOTIFICATION_URL');

const app = createApp();

app.post('/pay', async (req, res, next) => {
  try {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /i, '');
    const user = await postJson(`${AUTH_URL}/verify`, { token });
    const { orderId, amountCents, currency } = req.body ?? {};
    const payment = await postJson(`${PAYMENT_URL}/charge`, {
      orderId,
      userId: user.userId,
      amountCents,
      currency,
    });
    const receipt = await postJson(`${NOTIFICATION_URL}/notify`, {
      email: user.email,
      message: `Payment ${payment.id}: ${payment.amountCents / 100} ${payment.currency} ${payment.status}`,
    });
    res.json({ paymentId: payment.id, status: payment.status, notified: receipt.delivered });
  } catch (err) {
    next(err);
  }
});
app.use(jsonErrors('gateway'));

listen(app, 'gateway');
