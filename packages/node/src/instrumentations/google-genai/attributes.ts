import type { Attributes } from '@opentelemetry/api';

/** The parts of `@google/genai`'s `Models` instance this instrumentation reads (the SDK's own types are not loaded). */
export interface ModelsLike {
  apiClient?: { isVertexAI?(): boolean; getBaseUrl?(): string };
}

/** The request fields read: the model, and the contents only when content capture is on. */
export interface RequestLike {
  model?: unknown;
  contents?: unknown;
}

/** A `GenerateContentResponse` (or one chunk of a stream), or an `EmbedContentResponse`. */
export interface ResponseLike {
  modelVersion?: unknown;
  responseId?: unknown;
  usageMetadata?: {
    promptTokenCount?: unknown;
    candidatesTokenCount?: unknown;
    thoughtsTokenCount?: unknown;
  };
  candidates?: Array<{ finishReason?: unknown; content?: unknown } | undefined>;
}

export type Operation = 'generate_content' | 'embeddings';

// A model name is the caller's string: bounded, as span names and attribute values must be.
const MAX_MODEL = 128;

/**
 * The request attributes of the GenAI semantic conventions, in the version upstream's OpenAI instrumentation (0.21)
 * writes for chat spans: the provider in `gen_ai.system`, so one backend query finds both.
 */
export function requestAttributes(
  models: ModelsLike,
  operation: Operation,
  request: RequestLike | undefined,
): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.system': vertex(models) ? 'gcp.vertex_ai' : 'gcp.gemini',
  };
  const model = modelName(request?.model);
  if (model !== undefined) attributes['gen_ai.request.model'] = model;
  const server = serverOf(models);
  if (server) {
    attributes['server.address'] = server.address;
    if (server.port !== undefined) attributes['server.port'] = server.port;
  }
  return attributes;
}

/** `generate_content gemini-2.5-flash`: the operation, then the model when one was given. */
export function spanName(operation: Operation, attributes: Attributes): string {
  const model = attributes['gen_ai.request.model'];
  return typeof model === 'string' ? `${operation} ${model}` : operation;
}

/** What one response (or stream chunk) tells: the last chunk carrying a field wins, as the API sends totals last. */
export function responseAttributes(response: ResponseLike | undefined, into: Attributes): void {
  if (!response || typeof response !== 'object') return;
  if (typeof response.modelVersion === 'string')
    into['gen_ai.response.model'] = response.modelVersion.slice(0, MAX_MODEL);
  if (typeof response.responseId === 'string')
    into['gen_ai.response.id'] = response.responseId.slice(0, MAX_MODEL);
  const usage = response.usageMetadata;
  if (usage && typeof usage === 'object') {
    if (typeof usage.promptTokenCount === 'number')
      into['gen_ai.usage.input_tokens'] = usage.promptTokenCount;
    if (typeof usage.candidatesTokenCount === 'number') {
      // Thinking tokens are billed as output: counted in, as the conventions' output tokens are what the model produced.
      const thoughts = typeof usage.thoughtsTokenCount === 'number' ? usage.thoughtsTokenCount : 0;
      into['gen_ai.usage.output_tokens'] = usage.candidatesTokenCount + thoughts;
    }
  }
  if (Array.isArray(response.candidates)) {
    const reasons: string[] = [];
    for (const candidate of response.candidates) {
      if (typeof candidate?.finishReason === 'string') reasons.push(candidate.finishReason);
    }
    if (reasons.length > 0) into['gen_ai.response.finish_reasons'] = reasons;
  }
}

/** `error.type`: the HTTP status of an API error (`429`), else the error's class name. */
export function errorType(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return String(status);
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name !== '' ? name : '_OTHER';
}

function modelName(model: unknown): string | undefined {
  return typeof model === 'string' && model !== '' ? model.slice(0, MAX_MODEL) : undefined;
}

function vertex(models: ModelsLike): boolean {
  try {
    return models.apiClient?.isVertexAI?.() === true;
  } catch {
    return false;
  }
}

function serverOf(models: ModelsLike): { address: string; port?: number } | undefined {
  try {
    const base = models.apiClient?.getBaseUrl?.();
    if (typeof base !== 'string') return undefined;
    const url = new URL(base);
    return { address: url.hostname, port: url.port === '' ? undefined : Number(url.port) };
  } catch {
    return undefined;
  }
}
