import dc from 'node:diagnostics_channel';
import { context, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import {
  InstrumentationBase,
  type InstrumentationConfig,
  type InstrumentationModuleDefinition,
} from '@opentelemetry/instrumentation';
import { distroVersion } from '../../version';
import { spanNameOf, summarizeQuery } from './query-summary';

/** What postgres.js 4 puts in the context object of its `postgres:query` tracing channel (its README, "Tracing"). */
interface QueryMessage {
  query?: string | null;
  database?: string | null;
  host?: string | null;
  port?: number | null;
  command?: string | null;
  count?: number | null;
  error?: unknown;
  [spanKey]?: Span;
}

type Handlers = Record<
  'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error',
  (message: unknown) => void
>;

interface TracingChannelLike {
  subscribe(handlers: Handlers): void;
  unsubscribe(handlers: Handlers): unknown;
}

// On postgres.js's own message object: no map to grow or clean up, and nothing enumerable added to it.
const spanKey = Symbol('otelkit.postgres-js.span');
const CHANNEL = 'postgres:query';

/**
 * Spans for postgres.js (the `postgres` package): one CLIENT span per query, from the `postgres:query` tracing
 * channel that postgres.js 4 publishes. Nothing is patched, so the library's lazy queries and its promise semantics
 * stay exactly its own; postgres.js 3 publishes nothing and gets no spans. Tagged templates, `sql.unsafe`, `sql.file`
 * and the queries of `sql.begin` all pass the channel; `start` runs in the context of the code that made the query,
 * so the span has the right parent.
 */
export class PostgresJsInstrumentation extends InstrumentationBase {
  // Not class fields: InstrumentationBase's constructor calls enable() before they would be initialised.
  declare private handlers: Handlers | undefined;

  constructor(config: InstrumentationConfig = {}) {
    super('@otelkit/instrumentation-postgres-js', distroVersion, config);
  }

  protected init(): InstrumentationModuleDefinition[] {
    return [];
  }

  override enable(): void {
    super.enable();
    if (this.handlers) return;
    const channel = tracingChannel();
    if (!channel) return;
    const handlers: Handlers = {
      start: (message: unknown) => this.onStart(message as QueryMessage),
      end: noop,
      asyncStart: noop,
      error: (message: unknown) => onError(message as QueryMessage),
      asyncEnd: (message: unknown) => onSettled(message as QueryMessage),
    };
    channel.subscribe(handlers);
    this.handlers = handlers;
  }

  override disable(): void {
    super.disable();
    if (!this.handlers) return;
    tracingChannel()?.unsubscribe(this.handlers);
    this.handlers = undefined;
  }

  private onStart(message: QueryMessage): void {
    const summary = summarizeQuery(message.query);
    const attributes: Record<string, string | number> = { 'db.system.name': 'postgresql' };
    if (typeof message.database === 'string') attributes['db.namespace'] = message.database;
    if (typeof message.query === 'string') attributes['db.query.text'] = message.query;
    if (summary.operation !== undefined) attributes['db.operation.name'] = summary.operation;
    if (summary.collection !== undefined) attributes['db.collection.name'] = summary.collection;
    message[spanKey] = this.tracer.startSpan(
      spanNameOf(summary, typeof message.database === 'string' ? message.database : 'postgresql'),
      { kind: SpanKind.CLIENT, attributes },
      context.active(),
    );
  }
}

function onError(message: QueryMessage): void {
  const span = message[spanKey];
  if (!span) return;
  const error = message.error as
    { message?: unknown; code?: unknown; name?: unknown; severity?: unknown } | undefined;
  const text = typeof error?.message === 'string' ? error.message : String(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: text });
  if (error instanceof Error) span.recordException(error);
  const code = typeof error?.code === 'string' ? error.code : undefined;
  span.setAttribute(
    'error.type',
    code ?? (typeof error?.name === 'string' ? error.name : '_OTHER'),
  );
  // A server error has a severity and a SQLSTATE; a client-side one (a closed connection) has only a code.
  if (code !== undefined && error?.severity !== undefined)
    span.setAttribute('db.response.status_code', code);
}

function onSettled(message: QueryMessage): void {
  const span = message[spanKey];
  if (!span) return;
  message[spanKey] = undefined;
  if (typeof message.host === 'string') span.setAttribute('server.address', message.host);
  if (typeof message.port === 'number') span.setAttribute('server.port', message.port);
  if (typeof message.count === 'number')
    span.setAttribute('db.response.returned_rows', message.count);
  span.end();
}

function noop(): void {}

function tracingChannel(): TracingChannelLike | undefined {
  const make = (dc as { tracingChannel?: (name: string) => TracingChannelLike }).tracingChannel;
  return typeof make === 'function' ? make(CHANNEL) : undefined;
}
