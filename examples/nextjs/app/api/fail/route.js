// A route handler that fails: the trace shows an ERROR span with the exception, its e-mail address masked.
export async function GET() {
  throw new Error('payment declined for customer jane.doe@example.com');
}
