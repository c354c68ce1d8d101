import type {
  Attributes,
  Context,
  Span,
  TextMapGetter,
  TextMapSetter,
  Tracer,
} from '@opentelemetry/api';

/** Receives one complete diagnostic line (already prefixed with `@otelkit/propagators:`). */
export type WarnFunction = (message: string) => void;

export interface StrictTraceContextOptions {
  /**
   * Longest `tracestate` sent, in characters. Longer lists lose whole entries: those over 128 characters first, then
   * from the end. 512 (the W3C minimum) to 16384. Env `OTELKIT_TRACESTATE_MAX_LENGTH`, default 512.
   */
  tracestateMaxLength?: number;
}

export interface AliasPropagatorOptions extends StrictTraceContextOptions {
  /** Second header that carries `traceparent`. Env `OTELKIT_ALIAS_TRACEPARENT_HEADER`, default `x-otel-traceparent`. */
  traceparentHeader?: string;
  /**
   * Second header that carries `tracestate`; `null` carries none. Env `OTELKIT_ALIAS_TRACESTATE_HEADER` (`none` to
   * switch off), default `x-otel-tracestate`.
   */
  tracestateHeader?: string | null;
}

export interface HeaderForwardingOptions {
  /** Incoming headers to forward on outgoing calls. Env `OTELKIT_FORWARD_HEADERS` (comma list), default `x-request-id`. */
  headers?: readonly string[];
  /** Longer values are not forwarded. 1 to 8192. Env `OTELKIT_FORWARD_MAX_VALUE_LENGTH`, default 1024. */
  maxValueLength?: number;
}

/** Code options for the propagators selectable by name in `OTEL_PROPAGATORS`, keyed by that name. */
export interface PropagatorOptions {
  'tracecontext-strict'?: StrictTraceContextOptions;
  alias?: AliasPropagatorOptions;
  forward?: HeaderForwardingOptions;
}

/** How to read and write propagation fields on one kind of message carrier. */
export type MessageCarrier<C> = TextMapGetter<C> & TextMapSetter<C>;

/** Attributes every messaging span carries (OpenTelemetry messaging semantic conventions). */
export interface MessagingSpanOptions {
  /** `messaging.system`, e.g. `rabbitmq`, `kafka`, `aws_sqs`, `gcp_pubsub`, `redis`. */
  system: string;
  /** `messaging.destination.name`: queue, topic, stream or exchange; also used in the span name. */
  destination: string;
  /** Extra attributes set at span start (so samplers see them). */
  attributes?: Attributes;
  /** `server.address` of the broker. */
  serverAddress?: string;
  /** `server.port` of the broker. */
  serverPort?: number;
  /** Tracer to use; default `trace.getTracer('@otelkit/propagators')`. */
  tracer?: Tracer;
}

export interface ProducerSpanOptions<C> extends MessagingSpanOptions {
  /** The message's carrier (headers, attributes, fields) that receives the creation context. */
  carrier: C;
  /** How to write into `carrier`, e.g. `amqpHeadersCarrier` (a setter is enough). */
  accessor: TextMapSetter<C>;
  /** `messaging.message.id`, when known before sending. */
  messageId?: string;
}

export interface ConsumerSpanOptions<C> extends MessagingSpanOptions {
  carrier: C | undefined;
  /** How to read `carrier`, e.g. `amqpHeadersCarrier` (a getter is enough). */
  accessor: TextMapGetter<C>;
  /**
   * `link` (default): the span links to the message's creation context and keeps the ambient parent, as the
   * semantic conventions recommend. `parent`: the creation context becomes the parent (single messages only).
   */
  relation?: 'link' | 'parent';
  messageId?: string;
  /** `messaging.consumer.group.name`. */
  consumerGroup?: string;
  /** `messaging.operation.name`; default `process`. */
  operationName?: string;
}

export interface BatchConsumerSpanOptions<C> extends MessagingSpanOptions {
  /** One carrier per message; each valid creation context becomes one link. */
  carriers: readonly (C | undefined)[];
  accessor: TextMapGetter<C>;
  consumerGroup?: string;
  /** `messaging.operation.name`; default `process`. */
  operationName?: string;
}

/** A started consumer span and the context to run the message's work in (span + message baggage etc.). */
export interface ConsumerSpan {
  span: Span;
  context: Context;
}
