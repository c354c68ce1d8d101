import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ScopeWithAttributes } from '../internal-types';
import { EncodedByIdentity } from '../encoded-by-identity';
import { ascii, jsonString } from './json-bytes';
import { encodedBy, writeAttributes, writeAttributesField } from './json-values';

type Resource = ReadableSpan['resource'];

const RESOURCE = ascii('{"resource":{"attributes":');
const SCOPE_SPANS = ascii(',"droppedAttributesCount":0},"scopeSpans":[');
const SCOPE = ascii('{"scope":{"name":');
const VERSION = ascii(',"version":');
const SPANS = ascii('},"spans":[');

/** `{"resource":{…},"scopeSpans":[`: a ResourceSpans up to its first ScopeSpans. */
function resourceOpening(resource: Resource): Buffer {
  return encodedBy((w) => {
    w.raw(RESOURCE);
    writeAttributes(w, resource.attributes);
    w.raw(SCOPE_SPANS);
  });
}

/** `{"scope":{…},"spans":[`: a ScopeSpans up to its first span. */
function scopeOpening(scope: ScopeWithAttributes): Buffer {
  return encodedBy((w) => {
    w.raw(SCOPE);
    jsonString(w, scope.name);
    if (scope.version) {
      w.raw(VERSION);
      jsonString(w, scope.version);
    }
    writeAttributesField(w, scope.attributes, scope.droppedAttributesCount);
    w.raw(SPANS);
  });
}

/** Encoded openings of ResourceSpans and ScopeSpans, by identity. */
export class JsonParts {
  readonly resources: EncodedByIdentity<Resource> = new EncodedByIdentity<Resource>(
    resourceOpening,
    (resource) => !resource.asyncAttributesPending,
  );
  readonly scopes = new EncodedByIdentity<InstrumentationScope>(scopeOpening);
}
