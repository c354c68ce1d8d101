import { cut, redactText } from '@otelkit/core';
import { OtlpExportError } from '../otlp-http-exporter';

/** Longest cause a failure line shows. */
const CAUSE_MAX = 200;

/**
 * Why an export failed, as a line may show it: an OtlpExportError's cause without the URL (the line names the
 * target), any other error's message; credentials masked, cut.
 */
export function exportCause(error: unknown): string {
  if (error instanceof OtlpExportError) return cut(redactText(error.reason), CAUSE_MAX);
  if (error instanceof Error) return cut(redactText(error.message || error.name), CAUSE_MAX);
  return 'the exporter reported a failure without an error';
}
