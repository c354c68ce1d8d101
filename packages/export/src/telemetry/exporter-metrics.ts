import { metrics, type Attributes, type MeterProvider } from '@opentelemetry/api';
import { componentName } from './component-name';

const METER = '@otelkit/export';

/**
 * The exporter's self-observability instruments (semantic conventions, otel.sdk.exporter.*). Recorded
 * once per export request, never per span; a no-op until a meter provider is registered.
 */
export class ExporterMetrics {
  private readonly base: Attributes;
  private readonly exported;
  private readonly inflight;
  private readonly duration;
  private readonly failureAttrs = new Map<string, Attributes>();

  constructor(type: string, url: URL, provider: MeterProvider = metrics.getMeterProvider()) {
    const meter = provider.getMeter(METER);
    this.base = {
      'otel.component.type': type,
      'otel.component.name': componentName(type),
      'server.address': url.hostname,
      'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    };
    this.exported = meter.createCounter('otel.sdk.exporter.span.exported', {
      unit: '{span}',
      description: 'Spans for which the export has finished, successfully or not',
    });
    this.inflight = meter.createUpDownCounter('otel.sdk.exporter.span.inflight', {
      unit: '{span}',
      description: 'Spans passed to the exporter whose export has not finished yet',
    });
    this.duration = meter.createHistogram('otel.sdk.exporter.operation.duration', {
      unit: 's',
      description: 'Duration of export operations, retries included',
    });
  }

  started(spans: number): void {
    this.inflight.add(spans, this.base);
  }

  finished(spans: number, seconds: number, errorType: string | undefined): void {
    const attrs = errorType === undefined ? this.base : this.withError(errorType);
    this.inflight.add(-spans, this.base);
    this.exported.add(spans, attrs);
    this.duration.record(seconds, attrs);
  }

  private withError(errorType: string): Attributes {
    let attrs = this.failureAttrs.get(errorType);
    if (!attrs) {
      attrs = { ...this.base, 'error.type': errorType };
      this.failureAttrs.set(errorType, attrs);
    }
    return attrs;
  }
}
