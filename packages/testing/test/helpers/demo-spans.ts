// The spans of one `pnpm demo` run (examples/microservices), as the receiver decoded them and JSON kept them:
// a start-up and a shutdown trace of Prisma, and the payment trace across gateway, auth, payment and notification.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReceivedSpan } from '@otelkit/testing';

export function demoSpans(): ReceivedSpan[] {
  const file = path.join(__dirname, '..', 'fixtures', 'demo-spans.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>[];
  return raw.map(
    (s) =>
      ({
        ...s,
        startTimeUnixNano: BigInt(s.startTimeUnixNano as string),
        endTimeUnixNano: BigInt(s.endTimeUnixNano as string),
      }) as unknown as ReceivedSpan,
  );
}
