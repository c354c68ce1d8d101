const COUNTERS = Symbol.for('otelkit.export.componentCounters');
type Counters = Record<string, number>;

/** `otel.component.name` per the SDK self-observability conventions: `<type>/<n>`, n unique per process. */
export function componentName(type: string): string {
  const holder = globalThis as { [COUNTERS]?: Counters };
  const counters = (holder[COUNTERS] ??= {});
  const n = counters[type] ?? 0;
  counters[type] = n + 1;
  return `${type}/${n}`;
}
