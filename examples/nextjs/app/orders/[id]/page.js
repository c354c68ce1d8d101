import { notFound } from 'next/navigation';
import { db } from '../../../lib/db';
import { stockFor } from '../../../lib/inventory';
import { saveNote } from './actions';

export const dynamic = 'force-dynamic';

// A server component: reads the order with Prisma, then asks the inventory service for the stock.
export default async function OrderPage({ params }) {
  const { id } = await params;
  const prisma = await db();
  const order = await prisma.order.findUnique({ where: { id: Number(id) } });
  if (!order) notFound();
  const stock = await stockFor(order.sku);
  return (
    <main>
      <h1>
        Order {order.id}: {order.item}
      </h1>
      <p id="stock">In stock: {stock.inStock}</p>
      <p id="note">{order.note ?? 'no note'}</p>
      <form action={saveNote}>
        <input type="hidden" name="id" value={order.id} />
        <input name="note" />
        <button type="submit">Save note</button>
      </form>
    </main>
  );
}
