/** Remembers the last `max` trace decisions for late spans; the oldest is forgotten first. */
export class BoundedDecisions {
  private readonly _max: number;
  private readonly _map = new Map<string, boolean>();

  constructor(max: number) {
    this._max = max;
  }

  get(traceId: string): boolean | undefined {
    return this._map.get(traceId);
  }

  set(traceId: string, keep: boolean): void {
    this._map.set(traceId, keep);
    if (this._map.size > this._max) this._map.delete(this._map.keys().next().value!);
  }

  get size(): number {
    return this._map.size;
  }
}
