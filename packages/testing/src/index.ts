export { startReceiver } from './receiver';
export { startGrpcReceiver } from './grpc-receiver';
export { runFixture } from './run-fixture';
export { spawnFixture } from './spawn-fixture';
export { groupByTrace } from './group-by-trace';
export { buildTraceTrees } from './trace-tree';
export { findSpan, findSpans } from './find-span';
export { assertConnectedTrace } from './assert-connected-trace';
export { assertTrace } from './assert-trace';
export { assertChildOf, assertSpan } from './assert-span';
export { renderWaterfall } from './waterfall';
export type {
  AssertTraceOptions,
  Attributes,
  AttrExpectation,
  AttrValue,
  ExpectedSpan,
  ExpectedTrace,
  FixtureOptions,
  FixtureProcess,
  FixtureResult,
  GrpcReceiverOptions,
  GrpcReceiverResponse,
  OtlpFormat,
  OtlpReceiver,
  ReceivedEvent,
  ReceivedLink,
  ReceivedRequest,
  ReceivedSpan,
  ReceiverOptions,
  ReceiverTlsOptions,
  ReceiverResponse,
  RespondContext,
  RespondHook,
  SpanKindName,
  SpanMatcher,
  SpansPredicate,
  TraceNode,
  WaitForOutputOptions,
  WaitOptions,
  WaterfallOptions,
} from './types';
