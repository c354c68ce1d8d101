// The shop's database: SQLite through the libsql driver, queried with Prisma. The table is created with plain SQL
// (what `prisma migrate` would create for the Order model), so the example needs no migration engine.
import path from 'node:path';
import { createClient } from '@libsql/client';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from '../generated/prisma';

const CREATE_ORDER_TABLE = `CREATE TABLE IF NOT EXISTS "Order" (
  "id" INTEGER NOT NULL PRIMARY KEY,
  "item" TEXT NOT NULL,
  "sku" TEXT NOT NULL,
  "quantity" INTEGER NOT NULL,
  "note" TEXT
)`;
const SEED = `INSERT OR IGNORE INTO "Order" ("id", "item", "sku", "quantity") VALUES
  (42, 'Espresso machine', 'SKU-ESP-1', 1), (7, 'Coffee grinder', 'SKU-GRD-2', 2)`;

const url = () => process.env.DATABASE_URL ?? `file:${path.join(process.cwd(), 'shop.db')}`;

async function open() {
  const libsql = createClient({ url: url() });
  try {
    await libsql.execute(CREATE_ORDER_TABLE);
    await libsql.execute(SEED);
  } finally {
    libsql.close();
  }
  return new PrismaClient({ adapter: new PrismaLibSql({ url: url() }) });
}

// One client per server process, also across `next dev` reloads of this module.
export function db() {
  globalThis.shopDb ??= open();
  return globalThis.shopDb;
}
