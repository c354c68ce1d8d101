import type { ResolvedExporterConfig } from '@otelkit/export';
import { httpFallback } from '../src/sdk/create-grpc-exporter';

// Where spans go over OTLP/HTTP when OTEL_EXPORTER_OTLP_PROTOCOL=grpc but the optional gRPC exporter is not installed.
const grpcConfig = (url: string) =>
  ({ url, protocol: 'grpc', headers: { 'x-team': 'a' } }) as unknown as ResolvedExporterConfig;

test.each([
  ['the default gRPC endpoint', 'http://localhost:4317', 'http://localhost:4318/v1/traces'],
  ['the conventional gRPC port', 'https://collector:4317', 'https://collector:4318/v1/traces'],
  [
    "a vendor's port, kept",
    'https://api.vendor.example:443',
    'https://api.vendor.example/v1/traces',
  ],
  ['another port, kept', 'http://collector:9000', 'http://collector:9000/v1/traces'],
  [
    'a URL with a path, used as is',
    'http://collector:4317/otlp/traces',
    'http://collector:4318/otlp/traces',
  ],
])('%s: %s → %s', (_, url, expected) => {
  const fallback = httpFallback(grpcConfig(url));
  expect(fallback.url).toBe(expected);
  expect(fallback.protocol).toBe('http/protobuf');
  expect(fallback.headers).toEqual({ 'x-team': 'a' });
});
