const PREFIX = '@otelkit/samplers: ';

/** Runs a public constructor's validation so that every configuration Error names this package. */
export function prefixErrors<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof Error && !error.message.startsWith(PREFIX))
      error.message = PREFIX + error.message;
    throw error;
  }
}
