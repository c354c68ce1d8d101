import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';

const SERVICE_FILE = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';

/**
 * The `proto/` folder ships next to `src/` (sources, under jest) and next to `build/`
 * (published package), so it sits one or two levels above this file.
 */
function findProtoDir(): string {
  for (const up of ['..', '../..']) {
    const dir = path.resolve(__dirname, up, 'proto');
    if (fs.existsSync(path.join(dir, SERVICE_FILE))) return dir;
  }
  throw new Error(
    `@otelkit/testing: cannot find the OTLP schema (${SERVICE_FILE}) near ${__dirname}`,
  );
}

export interface OtlpSchema {
  request: protobuf.Type;
  response: protobuf.Type;
}

let cached: OtlpSchema | undefined;

/** Loads the OTLP trace schema once; imports resolve against the `proto/` root like protoc -I. */
export function otlpSchema(): OtlpSchema {
  if (cached) return cached;
  const protoDir = findProtoDir();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    path.isAbsolute(target) ? target : path.join(protoDir, target);
  root.loadSync(SERVICE_FILE);
  root.resolveAll();
  cached = {
    request: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    response: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  };
  return cached;
}
