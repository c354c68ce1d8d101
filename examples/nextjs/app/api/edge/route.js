/* global Response */
// Runs in the edge runtime: instrumentation.js is bundled for it too, where registerOTel() does nothing.
export const runtime = 'edge';

export function GET() {
  return Response.json({ runtime: process.env.NEXT_RUNTIME ?? 'edge' });
}
