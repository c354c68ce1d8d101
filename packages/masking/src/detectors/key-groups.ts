import type { KeyDetector } from '../internal-types';
import { compileKeyMatcher } from '../patterns';

/** Prompt and completion content (OpenTelemetry GenAI semconv, older `gen_ai.prompt.*` forms, Vercel AI SDK, OpenInference, Traceloop). */
export const GEN_AI_CONTENT_KEYS = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.prompt*',
  'gen_ai.completion*',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'ai.prompt*',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.response.reasoning*',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'llm.input_messages*',
  'llm.output_messages*',
  'llm.prompts*',
  'traceloop.entity.input',
  'traceloop.entity.output',
];

export const genAiContent: KeyDetector = {
  kind: 'key',
  keys: compileKeyMatcher(GEN_AI_CONTENT_KEYS, 'gen-ai-content keys', true),
  stringsOnly: false,
};

/** Every captured HTTP header value (strict preset). */
export const httpHeaders: KeyDetector = {
  kind: 'key',
  keys: compileKeyMatcher(
    ['http.request.header.*', 'http.response.header.*', 'rpc.grpc.request.metadata.*'],
    'http-headers keys',
    true,
  ),
  stringsOnly: false,
};

/** End-user identity attributes (strict preset). */
export const userIdentity: KeyDetector = {
  kind: 'key',
  keys: compileKeyMatcher(['enduser.*', 'user.*'], 'user-identity keys', true),
  stringsOnly: false,
};
