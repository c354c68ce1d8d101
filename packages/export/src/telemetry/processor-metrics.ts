import { metrics, type Attributes, type MeterProvider } from '@opentelemetry/api';
import type { DropReason } from '../types';
import { componentName } from './component-name';

const TYPE = 'batching_span_processor';

/**
 * The processor's self-observability instruments (semantic conventions, otel.sdk.processor.*): the
 * counter moves once per batch or drop, the queue gauges are read only when metrics are collected.
 */
export class ProcessorMetrics {
  private readonly base: Attributes;
  private readonly processed;
  private readonly dropAttrs: Partial<Record<DropReason, Attributes>> = {};

  constructor(
    queueSize: () => number,
    capacity: number,
    provider: MeterProvider = metrics.getMeterProvider(),
  ) {
    const meter = provider.getMeter('@otelkit/export');
    this.base = { 'otel.component.type': TYPE, 'otel.component.name': componentName(TYPE) };
    this.processed = meter.createCounter('otel.sdk.processor.span.processed', {
      unit: '{span}',
      description: 'Spans handed to the exporter, or dropped (error.type says why)',
    });
    meter
      .createObservableUpDownCounter('otel.sdk.processor.span.queue.size', {
        unit: '{span}',
        description: 'Spans in the queue',
      })
      .addCallback((result) => result.observe(queueSize(), this.base));
    meter
      .createObservableUpDownCounter('otel.sdk.processor.span.queue.capacity', {
        unit: '{span}',
        description: 'Spans the queue can hold',
      })
      .addCallback((result) => result.observe(capacity, this.base));
  }

  submitted(count: number): void {
    this.processed.add(count, this.base);
  }

  dropped(count: number, reason: DropReason): void {
    const attrs = (this.dropAttrs[reason] ??= { ...this.base, 'error.type': reason });
    this.processed.add(count, attrs);
  }
}
