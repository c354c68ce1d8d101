'use server';
import { revalidatePath } from 'next/cache';
import { db } from '../../../lib/db';

// A server action: its POST is traced like any request, with the Prisma update under it.
export async function saveNote(formData) {
  const id = Number(formData.get('id'));
  const prisma = await db();
  await prisma.order.update({ where: { id }, data: { note: String(formData.get('note') ?? '') } });
  revalidatePath(`/orders/${id}`);
}
