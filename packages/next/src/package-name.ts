/** The prefix of this package's lines and option errors. */
export const PACKAGE = '@otelkit/next';
