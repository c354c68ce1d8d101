'use strict';
// The payment service's database: SQLite through the libsql driver, queried with Prisma.
const path = require('node:path');
const { createClient } = require('@libsql/client');
const { PrismaLibSql } = require('@prisma/adapter-libsql');
const { PrismaClient } = require('../generated/prisma');

const DEFAULT_URL = `file:${path.join(__dirname, '..', 'payments.db')}`;

// The same table `prisma migrate` would create for the Payment model; created with plain SQL so
// the example needs no migration engine.
const CREATE_PAYMENT_TABLE = `CREATE TABLE IF NOT EXISTS "Payment" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "orderId" TEXT NOT NULL,
  "userId" TEXT NOT NULL,
  "amountCents" INTEGER NOT NULL,
  "currency" TEXT NOT NULL,
  "status" TEXT NOT NULL,
  "providerRef" TEXT,
  "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
)`;

async function openDatabase(url = process.env.DATABASE_URL ?? DEFAULT_URL) {
  const libsql = createClient({ url });
  try {
    await libsql.execute(CREATE_PAYMENT_TABLE);
  } finally {
    libsql.close();
  }
  const prisma = new PrismaClient({ adapter: new PrismaLibSql({ url }) });
  // Connect (and load the query compiler) now rather than inside the first request.
  await prisma.$connect();
  return prisma;
}

module.exports = { openDatabase };
