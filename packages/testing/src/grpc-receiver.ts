import * as grpc from '@grpc/grpc-js';
import { GRPC_EXPORT_PATH, handleGrpcCall } from './handle-grpc-call';
import { otlpSchema } from './proto-schema';
import { receiverHandle } from './receiver-handle';
import { SpanStore } from './span-store';
import { hostPort, validateReceiverOptions } from './validate-options';
import type { GrpcReceiverOptions, OtlpReceiver, ReceiverTlsOptions } from './types';

const identity = (bytes: Buffer) => bytes;

/** Bytes in, bytes out: decoding stays with the protobufjs schema the HTTP receiver uses. */
const TRACE_SERVICE: grpc.ServiceDefinition = {
  export: {
    path: GRPC_EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

const toBuffer = (pem: string | Buffer) => (Buffer.isBuffer(pem) ? pem : Buffer.from(pem));

function serverCredentials(tls: ReceiverTlsOptions | undefined): grpc.ServerCredentials {
  if (tls === undefined) return grpc.ServerCredentials.createInsecure();
  const pair = { cert_chain: toBuffer(tls.cert), private_key: toBuffer(tls.key) };
  const clientCa = tls.clientCa === undefined ? null : toBuffer(tls.clientCa);
  return grpc.ServerCredentials.createSsl(clientCa, [pair], clientCa !== null);
}

function bind(server: grpc.Server, address: string, creds: grpc.ServerCredentials) {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(address, creds, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/**
 * Starts an in-process OTLP/gRPC trace receiver (the `TraceService/Export` method) that keeps
 * every decoded span for assertions, with the same API as `startReceiver`.
 */
export async function startGrpcReceiver(options: GrpcReceiverOptions = {}): Promise<OtlpReceiver> {
  validateReceiverOptions('startGrpcReceiver', options);
  otlpSchema(); // a broken schema should fail here, not on the first export
  const store = new SpanStore();
  const server = new grpc.Server();
  server.addService(TRACE_SERVICE, {
    export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      handleGrpcCall(call, callback, store, options.respond).catch((err: unknown) => {
        // Only a bug in the handler gets here; the call must still end rather than hang.
        callback({ code: grpc.status.INTERNAL, details: String(err) }, null);
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await bind(server, hostPort(host, options.port ?? 0), serverCredentials(options.tls));
  } catch (err) {
    server.forceShutdown();
    throw new Error(
      `@otelkit/testing: startGrpcReceiver cannot listen on ${hostPort(host, options.port ?? 0)}: ` +
        (err as Error).message,
    );
  }
  const url = `${options.tls === undefined ? 'http' : 'https'}://${hostPort(host, port)}`;
  return receiverHandle({
    url,
    tracesUrl: url,
    port,
    store,
    // Waiting for in-flight calls could hang a test's afterEach; a collector crash is the model.
    stop: async () => server.forceShutdown(),
  });
}
