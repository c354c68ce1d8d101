import { propagation } from '@opentelemetry/api';
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { parseBaggage, serializeBaggage } from './baggage-codec';

export const BAGGAGE = 'baggage';

/**
 * W3C Baggage with percent-encoding, properties and the 64-member / 8192-byte limits; a member is either sent or
 * received whole or not at all.
 */
export class StrictBaggagePropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(context);
    if (!baggage || isTracingSuppressed(context)) return;
    const value = serializeBaggage(baggage.getAllEntries());
    if (value) setter.set(carrier, BAGGAGE, value);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, BAGGAGE);
    // Most requests carry no baggage: skip the parser's split and arrays (see test/bench/request-path.bench.js).
    if (raw === undefined) return context;
    const entries = parseBaggage(raw);
    if (entries.length === 0) return context;
    return propagation.setBaggage(context, propagation.createBaggage(Object.fromEntries(entries)));
  }

  fields(): string[] {
    return [BAGGAGE];
  }
}
