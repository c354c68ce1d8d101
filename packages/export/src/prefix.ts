/** How this package's lines and errors begin. */
export const PREFIX = '@otelkit/export';
