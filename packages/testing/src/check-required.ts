import { finding, spanLabel } from './integrity-finding';
import type { CompiledIntegrityOptions, TraceView } from './internal-types';
import type { AttrValue, IntegrityFinding } from './types';

/** `null` is an empty OTLP AnyValue; neither it nor '' is something a dashboard can filter on. */
const present = (v: AttrValue | undefined) => v !== undefined && v !== null && v !== '';

/** One finding per span that lacks attributes its `required` rules ask for, naming every rule it fails. */
export function checkRequired(
  trace: TraceView,
  opts: CompiledIntegrityOptions,
): IntegrityFinding[] {
  const out: IntegrityFinding[] = [];
  if (opts.required.length === 0) return out;
  for (const { node } of trace.rows) {
    const { span } = node;
    const missing = new Set<string>();
    const failed: string[] = [];
    for (const rule of opts.required) {
      if (!rule.applies(span)) continue;
      const lacking = rule.attributes.filter(
        (names) => !names.some((n) => present(span.attributes[n])),
      );
      if (lacking.length === 0) continue;
      for (const names of lacking) missing.add(names.join('|'));
      failed.push(rule.label);
    }
    if (missing.size === 0) continue;
    const names = [...missing];
    out.push(
      finding(
        'missing-attributes',
        span,
        `${spanLabel(span)} lacks ${names.join(', ')} (${failed.join('; ')})`,
        {
          missingAttributes: names,
        },
      ),
    );
  }
  return out;
}
