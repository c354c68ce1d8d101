import { assertionError } from './assertion-error';
import { integrityReport } from './check-trace-integrity';
import { compileIntegrityOptions } from './integrity-options';
import { integrityText } from './integrity-text';
import type { AssertTraceIntegrityOptions, IntegrityReport, ReceivedSpan } from './types';

const DEFAULT_MAX_TRACES = 3;

/**
 * Runs `checkTraceIntegrity` and throws when it finds anything: one numbered line per distinct problem (with a
 * count when it repeats across requests), then the broken traces drawn as waterfalls with the offending spans
 * marked `✗ [n]`. Returns the (clean) report otherwise.
 */
export function assertTraceIntegrity(
  spans: readonly ReceivedSpan[],
  options: AssertTraceIntegrityOptions = {},
): IntegrityReport {
  const report = integrityReport(spans, compileIntegrityOptions('assertTraceIntegrity', options));
  if (report.ok) return report;
  const text = integrityText(report, spans, options.maxTraces ?? DEFAULT_MAX_TRACES);
  throw assertionError(text.title, text.problems, text.drawn, {
    mark: text.mark,
    heading: text.heading,
  });
}
