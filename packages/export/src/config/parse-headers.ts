/** `k=v,k2=v2` with percent-encoded keys and values (the OTEL_EXPORTER_OTLP_HEADERS format). */
export function parseHeaders(text: string, onBad: (part: string) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? safeDecode(part.slice(0, eq).trim()) : undefined;
    const value = eq > 0 ? safeDecode(part.slice(eq + 1).trim()) : undefined;
    if (!key || value === undefined) onBad(part);
    else headers[key.toLowerCase()] = value;
  }
  return headers;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
