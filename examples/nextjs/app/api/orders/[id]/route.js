/* global Response */
import { db } from '../../../../lib/db';

// A route handler: GET /api/orders/42 → the order as JSON.
export async function GET(_request, { params }) {
  const { id } = await params;
  const prisma = await db();
  const order = await prisma.order.findUnique({ where: { id: Number(id) } });
  return order ? Response.json(order) : Response.json({ error: 'not found' }, { status: 404 });
}
