import type { Attributes, Span } from '@opentelemetry/api';
import { responseAttributes, type ResponseLike } from './attributes';

type Finish = (span: Span, attributes: Attributes, error?: unknown) => void;

/**
 * The stream the app iterates, with the span ended once: when the stream is done, throws, or is left early
 * (`break` calls `return()`). Every call goes to the SDK's own iterator unchanged, and its results and errors come back
 * as they were; only the chunks' usage, model and finish reasons are read. A stream the app drops without finishing or
 * breaking leaves its span open (never exported), as nothing tells when it was abandoned.
 */
export function tracedStream<T extends ResponseLike>(
  inner: AsyncGenerator<T>,
  span: Span,
  attributes: Attributes,
  finish: Finish,
): AsyncGenerator<T> {
  let open = true;
  const end = (error?: unknown) => {
    if (!open) return;
    open = false;
    finish(span, attributes, error);
  };
  const settle = async (step: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> => {
    try {
      const result = await step;
      if (result.done) end();
      else responseAttributes(result.value, attributes);
      return result;
    } catch (error) {
      end(error);
      throw error;
    }
  };
  const wrapped = {
    next: (...args: [] | [unknown]) => settle(inner.next(...args)),
    return: (value: T | PromiseLike<T>) => {
      // Left early: what was read so far is what the span says.
      const step = settle(inner.return(value));
      end();
      return step;
    },
    throw: (error: unknown) => settle(inner.throw(error)),
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  } as AsyncGenerator<T>;
  return wrapped;
}
