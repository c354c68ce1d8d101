import { isRetryableGrpcError } from '../src/sdk/create-grpc-exporter';

// gRPC status codes per the OTLP spec's "Failures" table: retry the transient ones, never the rest.
test.each([
  [1, 'CANCELLED', true],
  [4, 'DEADLINE_EXCEEDED', true],
  [10, 'ABORTED', true],
  [11, 'OUT_OF_RANGE', true],
  [14, 'UNAVAILABLE', true],
  [15, 'DATA_LOSS', true],
  [3, 'INVALID_ARGUMENT', false],
  [7, 'PERMISSION_DENIED', false],
  [8, 'RESOURCE_EXHAUSTED (no RetryInfo surfaced)', false],
  [12, 'UNIMPLEMENTED', false],
  [13, 'INTERNAL', false],
  [16, 'UNAUTHENTICATED', false],
])('code %i %s → retry %s', (code, _, expected) => {
  expect(isRetryableGrpcError(Object.assign(new Error('x'), { code }))).toBe(expected);
});

test.each([undefined, null, new Error('no code'), { code: '14' }])(
  'not a gRPC error (%p) → no retry',
  (error) => {
    expect(isRetryableGrpcError(error)).toBe(false);
  },
);
