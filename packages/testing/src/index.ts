export { startReceiver } from './receiver';
export { startGrpcReceiver } from './grpc-receiver';
export { runFixture } from './run-fixture';
export { spawnFixture } from './spawn-fixture';
export { groupByTrace } from './group-by-trace';
export { buildTraceTrees } from './trace-tree';
export { findSpan, findSpans } from './find-span';
export { assertConnectedTrace } from './assert-connected-trace';
export { assertTrace } from './assert-trace';
export { assertTraceIntegrity } from './assert-trace-integrity';
export { checkTraceIntegrity } from './check-trace-integrity';
export { assertChildOf, assertSpan } from './assert-span';
export { renderWaterfall } from './waterfall';
export type {
  AssertTraceIntegrityOptions,
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
  IntegrityFinding,
  IntegrityFindingKind,
  IntegrityMatcher,
  IntegrityReport,
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
  RequiredAttributesRule,
  RespondHook,
  SpanKindName,
  SpanMatcher,
  SpanSelector,
  SpanStatusName,
  SpansPredicate,
  TraceIntegrityOptions,
  TraceNode,
  WaitForOutputOptions,
  WaitOptions,
  WaterfallOptions,
} from './types';
