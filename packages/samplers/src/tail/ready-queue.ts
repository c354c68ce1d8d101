import type { Segment } from './segment';

/**
 * Segments waiting out their grace period, in the order they became ready (graceMs is constant, so that is
 * also due order). Entries go stale when a new local root reopens the segment or it is decided early; they
 * are skipped when reached.
 */
export class ReadyQueue {
  private _items: Array<{ segment: Segment; readyAt: number }> = [];
  private _head = 0;

  push(segment: Segment): void {
    this._items.push({ segment, readyAt: segment.readyAt! });
  }

  /** Removes and returns the live segments due at `now`. */
  due(now: number): Segment[] {
    const out: Segment[] = [];
    while (this._head < this._items.length) {
      const item = this._items[this._head]!;
      if (item.segment.readyAt === item.readyAt && item.readyAt > now) break;
      this._head++;
      if (item.segment.readyAt === item.readyAt) out.push(item.segment);
    }
    this._compact();
    return out;
  }

  /** Removes and returns every live segment, due or not. */
  drain(): Segment[] {
    return this.due(Infinity);
  }

  private _compact(): void {
    if (this._head > 1024 && this._head * 2 > this._items.length) {
      this._items = this._items.slice(this._head);
      this._head = 0;
    }
  }
}
