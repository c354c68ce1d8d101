'use strict';
// Payment service: idempotent charges. Looks the order up (SELECT), charges the external provider
// over HTTP, then records the payment (INSERT) with Prisma.
const { randomUUID } = require('node:crypto');
const { createApp, listen, jsonErrors } = require('../lib/service');
const { postJson, serviceUrl } = require('../lib/post-json');
const { openDatabase } = require('./payment-db');

const PROVIDER_URL = serviceUrl('PAYMENT_PROVIDER_URL');

async function main() {
  const prisma = await openDatabase();
  const app = createApp();

  app.post('/charge', async (req, res, next) => {
    try {
      const { orderId, userId, amountCents, currency = 'EUR' } = req.body ?? {};
      if (!orderId || !userId || !Number.isInteger(amountCents) || amountCents <= 0) {
        return res
          .status(400)
          .json({ error: 'orderId, userId and a positive amountCents are required' });
      }
      const existing = await prisma.payment.findFirst({ where: { orderId } });
      if (existing) return res.json(existing);

      const charge = await postJson(`${PROVIDER_URL}/v1/charges`, {
        amount: amountCents,
        currency,
      });
      const payment = await prisma.payment.create({
        data: {
          id: randomUUID(),
          orderId,
          userId,
          amountCents,
          currency,
          status: charge.status,
          providerRef: charge.id,
        },
      });
      res.status(201).json(payment);
    } catch (err) {
      next(err);
    }
  });
  app.use(jsonErrors('payment'));

  const server = listen(app, 'payment');
  server.on('close', () => void prisma.$disconnect());
}

main().catch((err) => {
  console.error(`payment: cannot start: ${err.message}`);
  process.exitCode = 1;
});
