import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { cut } from '@otelkit/core';

/** The resource of one service, an attribute a line, printed before its first trace. */
export function describeResource(service: string, resource: ReadableSpan['resource']): string {
  const lines = [`Resource of service ${JSON.stringify(service || '(unnamed)')}:`];
  for (const [key, value] of Object.entries(resource.attributes)) {
    if (value === undefined) continue;
    lines.push(`  ${key}: ${cut(typeof value === 'string' ? value : JSON.stringify(value), 200)}`);
  }
  return lines.join('\n');
}
