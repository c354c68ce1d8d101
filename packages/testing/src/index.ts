export { startReceiver } from './receiver';
export { runFixture } from './run-fixture';
export { spawnFixture } from './spawn-fixture';
export { groupByTrace } from './group-by-trace';
export type {
  Attributes,
  AttrValue,
  FixtureOptions,
  FixtureProcess,
  FixtureResult,
  OtlpFormat,
  OtlpReceiver,
  ReceivedEvent,
  ReceivedLink,
  ReceivedRequest,
  ReceivedSpan,
  ReceiverOptions,
  ReceiverResponse,
  RespondContext,
  RespondHook,
  SpanKindName,
  SpansPredicate,
  WaitForOutputOptions,
  WaitOptions,
} from './types';
