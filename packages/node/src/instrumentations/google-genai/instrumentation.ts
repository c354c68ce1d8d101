import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  type InstrumentationConfig,
} from '@opentelemetry/instrumentation';
import { distroVersion } from '../../version';
import {
  errorType,
  requestAttributes,
  responseAttributes,
  spanName,
  type ModelsLike,
  type Operation,
  type RequestLike,
  type ResponseLike,
} from './attributes';
import { tracedStream } from './traced-stream';

/** Options of otelkit's `@google/genai` instrumentation (`instrumentations.config['google-genai']`). */
export interface GoogleGenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * Records the request contents and the response candidates as `gen_ai.input.messages` / `gen_ai.output.messages`
   * (JSON). Even then the masking processor replaces them unless `masking.keepGenAiContent` (env
   * `OTELKIT_MASKING_KEEP_GENAI_CONTENT`) is true. Same name as upstream's OpenAI instrumentation option. Default false.
   */
  captureMessageContent?: boolean;
}

type Method = (this: ModelsLike, params: RequestLike) => Promise<unknown>;
interface ModelsPrototype {
  generateContentInternal?: Method;
  generateContentStreamInternal?: Method;
  embedContentInternal?: Method;
}

// The SDK assigns generateContent & co. per instance, in the constructor; they all go through these prototype methods,
// one call per HTTP request (automatic function calling and continuations included), so one span per model call.
const methods: Array<[keyof ModelsPrototype, Operation, 'unary' | 'stream']> = [
  ['generateContentInternal', 'generate_content', 'unary'],
  ['generateContentStreamInternal', 'generate_content', 'stream'],
  ['embedContentInternal', 'embeddings', 'unary'],
];

/** GenAI CLIENT spans for Google's Gen AI SDK (Gemini API and Vertex AI): model, token usage, finish reasons. */
export class GoogleGenAIInstrumentation extends InstrumentationBase<GoogleGenAIInstrumentationConfig> {
  constructor(config: GoogleGenAIInstrumentationConfig = {}) {
    super('@otelkit/instrumentation-google-genai', distroVersion, config);
  }

  protected init(): InstrumentationNodeModuleDefinition {
    return new InstrumentationNodeModuleDefinition(
      '@google/genai',
      ['>=1.0.0 <4'],
      (exports: { Models?: { prototype: ModelsPrototype } }) => {
        const proto = exports?.Models?.prototype;
        if (!proto) return exports;
        for (const [method, operation, shape] of methods) {
          if (typeof proto[method] !== 'function') continue;
          this._wrap(proto, method, (original) => this.traced(original!, operation, shape));
        }
        return exports;
      },
      (exports: { Models?: { prototype: ModelsPrototype } }) => {
        const proto = exports?.Models?.prototype;
        if (!proto) return;
        for (const [method] of methods) this._unwrap(proto, method);
      },
    );
  }

  private traced(original: Method, operation: Operation, shape: 'unary' | 'stream'): Method {
    const tracer = () => this.tracer;
    const capture = () => this.getConfig().captureMessageContent === true;
    const finish = (ended: Span, found: Attributes, error?: unknown) =>
      this.finish(ended, found, error);
    return function otelkitGenAI(this: ModelsLike, params: RequestLike) {
      let span: Span;
      try {
        const attributes = requestAttributes(this, operation, params);
        span = tracer().startSpan(spanName(operation, attributes), {
          kind: SpanKind.CLIENT,
          attributes,
        });
        if (capture()) recordInput(span, params);
      } catch {
        return original.call(this, params);
      }
      const call = context.with(trace.setSpan(context.active(), span), () =>
        original.call(this, params),
      );
      return call.then(
        (result) => {
          if (shape === 'stream' && isAsyncGenerator(result)) {
            return tracedStream(result as AsyncGenerator<ResponseLike>, span, {}, finish);
          }
          const found: Attributes = {};
          responseAttributes(result as ResponseLike, found);
          if (capture()) recordOutput(span, result);
          finish(span, found);
          return result;
        },
        (error: unknown) => {
          finish(span, {}, error);
          throw error;
        },
      );
    };
  }

  private finish(span: Span, attributes: Attributes, error?: unknown): void {
    try {
      span.setAttributes(attributes);
      if (error !== undefined) {
        span.setAttribute('error.type', errorType(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: String((error as { message?: unknown } | null)?.message ?? error).slice(0, 256),
        });
      }
    } finally {
      span.end();
    }
  }
}

function isAsyncGenerator(value: unknown): boolean {
  return (
    typeof (value as { next?: unknown } | null)?.next === 'function' &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function recordInput(span: Span, params: RequestLike): void {
  const json = safeJson(params?.contents);
  if (json !== undefined) span.setAttribute('gen_ai.input.messages', json);
}

function recordOutput(span: Span, result: unknown): void {
  const candidates = (result as ResponseLike | null)?.candidates;
  const json = safeJson(candidates?.map((candidate) => candidate?.content));
  if (json !== undefined) span.setAttribute('gen_ai.output.messages', json);
}

function safeJson(value: unknown): string | undefined {
  try {
    return value === undefined ? undefined : JSON.stringify(value);
  } catch {
    return undefined;
  }
}
