import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ScopeWithAttributes } from '../internal-types';
import { EncodedByIdentity } from '../encoded-by-identity';
import { writeAttributes } from './encode-attributes';
import { ProtoWriter } from './writer';

type Resource = ReadableSpan['resource'];

const scratch = new ProtoWriter(4096);

function bodyOf(write: () => void): Buffer {
  scratch.reset();
  write();
  return scratch.finish();
}

/** Resource message body (resource.proto). */
export function encodeResource(resource: Resource): Buffer {
  return bodyOf(() => writeAttributes(scratch, resource.attributes, 1));
}

/** InstrumentationScope message body (common.proto). */
export function encodeScope(scope: ScopeWithAttributes): Buffer {
  return bodyOf(() => {
    scratch.tag(1, 2);
    scratch.string(scope.name);
    scratch.optionalString(2, scope.version);
    if (scope.attributes) writeAttributes(scratch, scope.attributes, 3);
    const dropped = scope.droppedAttributesCount;
    if (dropped) {
      scratch.tag(4, 0);
      scratch.varint32(dropped);
    }
  });
}

/**
 * Encoded resources and scopes by identity: the SDK shares one object per provider and per tracer, so
 * each is encoded once for the life of the process. A resource still waiting for async attributes is
 * encoded afresh each time, as its attributes may yet change.
 */
export class EncodedParts {
  private readonly resources = new EncodedByIdentity<Resource>(
    encodeResource,
    (resource) => !resource.asyncAttributesPending,
  );
  private readonly scopes = new EncodedByIdentity<InstrumentationScope>(encodeScope);

  resource(resource: Resource): Buffer {
    return this.resources.get(resource);
  }

  scope(scope: InstrumentationScope): Buffer {
    return this.scopes.get(scope);
  }
}
