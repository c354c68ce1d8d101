/** The parts of @grpc/grpc-js used here: it is the exporter's dependency, not @otelkit/node's, so no types of it. */
export interface GrpcJs {
  credentials: {
    createFromMetadataGenerator(
      generator: (
        params: unknown,
        callback: (error: Error | null, metadata?: GrpcMetadata) => void,
      ) => void,
    ): unknown;
    combineChannelCredentials<C>(channel: C, call: unknown): C;
  };
  Metadata: new () => GrpcMetadata;
}

export interface GrpcMetadata {
  set(key: string, value: string): void;
  clone(): GrpcMetadata;
}

/** What grpc-js takes as a metadata key (lower-case, as header sources give them) and as a text value. */
const METADATA_KEY = /^[0-9a-z_.-]+$/;
const METADATA_TEXT = /^[\x20-\x7e]*$/;

/**
 * `channel` (TLS channel credentials) with call credentials that put `current()` on every call, as grpc-js itself
 * attaches per-call credentials: the metadata is the latest an export fetched (see GrpcCredentialedExporter), so the
 * generator never waits and never fails. grpc-js refuses call credentials on a plaintext channel (by design: a
 * bearer token is not to cross a network in clear): the caller composes only TLS ones.
 */
export function withCallMetadata<C>(
  grpcJs: GrpcJs,
  channel: C,
  current: () => GrpcMetadata | undefined,
): C {
  const call = grpcJs.credentials.createFromMetadataGenerator((_params, callback) =>
    callback(null, current()?.clone() ?? new grpcJs.Metadata()),
  );
  return grpcJs.credentials.combineChannelCredentials(channel, call);
}

/**
 * `headers` as metadata. A header that gRPC cannot carry (a name with characters HTTP allows and gRPC does not, a
 * `-bin` name, a value outside printable ASCII) throws a CredentialError-like error naming the header, never its
 * value: the attempt fails (and is retried) as when the credentials cannot be had.
 */
export function toMetadata(grpcJs: GrpcJs, headers: Record<string, string>): GrpcMetadata {
  const metadata = new grpcJs.Metadata();
  for (const [key, value] of Object.entries(headers)) {
    if (!METADATA_KEY.test(key) || key.endsWith('-bin') || !METADATA_TEXT.test(value))
      throw credentialError(
        `header ${JSON.stringify(key.slice(0, 40))} cannot be sent as gRPC metadata (names of 0-9 a-z _ . -, not ending in -bin; values of printable ASCII)`,
      );
    metadata.set(key, value);
  }
  return metadata;
}

/** Shaped like @otelkit/export's CredentialError (`code` 'credentials'), which stays unloaded until needed. */
function credentialError(message: string): Error {
  return Object.assign(new Error(message), { name: 'CredentialError', code: 'credentials' });
}
