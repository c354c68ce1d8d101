import type { AttributeValue } from '@opentelemetry/api';

/**
 * Matches a key, a span name or a scope name. A string matches exactly, unless it contains `*` or `?`, which makes
 * it a glob in otelkit's one dialect (`*` = any run of characters except `/`, `**` = any run including `/`, `?` =
 * one character except `/`), or is written `/source/flags`, which makes it a regular expression. Regular
 * expressions (strings or RegExp objects, `g` and `y` flags dropped) run on a linear-time engine: one that needs
 * backreferences or lookaround is refused (a TypeError from code; from OTELKIT_MASKING_RULES one line, and the rule
 * is skipped).
 */
export type Pattern = string | RegExp;

/**
 * A value pattern: always a regular expression, tested against (parts of) string values, on the linear-time engine
 * (see Pattern). A string is the regex source, or `/source/flags`.
 */
export type ValuePattern = string | RegExp;

/** Built-in detectors; see docs/masking.md for what each one matches. */
export type DetectorName =
  | 'email'
  | 'credit-card'
  | 'jwt'
  | 'bearer'
  | 'aws-access-key'
  | 'api-token'
  | 'private-key'
  | 'secret-key-name'
  | 'secret-reuse'
  | 'secret-assignment'
  | 'secret-phrase'
  | 'url-userinfo'
  | 'url-query'
  | 'gen-ai-content'
  | 'ip-address'
  | 'phone'
  | 'http-headers'
  | 'user-identity';

/** `default`: the documented detector list. `strict`: every detector. `none`: only your rules. */
export type MaskingPreset = 'default' | 'strict' | 'none';

/** Where a rule applies. `resource` attributes are masked once per resource, not per span. */
export type MaskTarget = 'attributes' | 'events' | 'links' | 'name' | 'status' | 'resource';

/**
 * - `redact`: replace with the mask (`[REDACTED]` unless `mask` is set);
 * - `hash`: HMAC-SHA256 with `hashKey`, lowercase hex, so equal values stay joinable;
 * - `truncate`: cut to `maxBytes` UTF-8 bytes, never inside a character;
 * - `delete`: remove the attribute;
 * - `replace`: regex replace with `replacement` (`$1`, `$<name>`, `$&`, `$$`);
 * - `drop-span`: the span is not exported (needs `where`).
 */
export type MaskAction = 'redact' | 'hash' | 'truncate' | 'delete' | 'replace' | 'drop-span';

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** An attribute test inside `where`: a pattern, an exact number/boolean, or presence. */
export type AttributeCondition = Pattern | number | boolean | { exists: boolean };

/** Every field given must hold (AND). Evaluated on the span as earlier rules left it. */
export interface Condition {
  /** The span name matches. */
  name?: Pattern;
  /** The span kind is one of these. */
  kind?: SpanKindName | SpanKindName[];
  /** Each listed span attribute matches (an array attribute matches when any element does). */
  attributes?: Record<string, AttributeCondition>;
  /** The instrumentation scope name matches (e.g. `@opentelemetry/instrumentation-http`). */
  scope?: Pattern;
}

/**
 * A masking rule. With `keys` only, the action applies to the whole value of matching attributes. With `value`
 * or a value `detector`, `redact`/`hash`/`replace` apply to each matching part of string values, and
 * `truncate`/`delete` to the whole value when any part matches.
 */
export interface MaskRule {
  /** Shown in diagnostics. */
  name?: string;
  /** Attribute keys this rule applies to; all keys when omitted. */
  keys?: Pattern | Pattern[];
  /** Value regex. */
  value?: ValuePattern;
  /** A built-in detector used as the matcher (its keys or its value regex). */
  detector?: DetectorName;
  action: MaskAction;
  /** Mask text for `redact`. Default: the `mask` option. */
  mask?: string;
  /** UTF-8 byte budget for `truncate`. */
  maxBytes?: number;
  /** Replacement for `replace`. */
  replacement?: string;
  /** Apply only to spans that match. */
  where?: Condition;
  /** Default: attributes, events, links, name, status, resource (`name`/`status` only see value rules). */
  in?: MaskTarget[];
}

/** Fields every transform takes. */
export interface TransformBase {
  /** Shown in diagnostics. */
  name?: string;
  /** Apply only to spans that match. */
  where?: Condition;
}

/** `replace_pattern`: regex replace on attribute values (`key`) and/or the span name (`spanName: true`). */
export interface ReplacePatternTransform extends TransformBase {
  transform: 'replace_pattern';
  key?: Pattern;
  spanName?: boolean;
  pattern: ValuePattern;
  replacement: string;
}

/** `delete_key`: remove one attribute. */
export interface DeleteKeyTransform extends TransformBase {
  transform: 'delete_key';
  key: string;
}

/** `delete_matching_keys`: remove every attribute whose key matches. */
export interface DeleteMatchingKeysTransform extends TransformBase {
  transform: 'delete_matching_keys';
  pattern: Pattern;
}

/** `set`: set an attribute. */
export interface SetTransform extends TransformBase {
  transform: 'set';
  key: string;
  value: AttributeValue;
}

/** `rename`: move an attribute to a new key (overwriting it). */
export interface RenameTransform extends TransformBase {
  transform: 'rename';
  from: string;
  to: string;
}

/** `limit`: keep at most `max` span attributes, `keep` keys first, then in insertion order. */
export interface LimitTransform extends TransformBase {
  transform: 'limit';
  max: number;
  keep?: Pattern[];
}

/** `truncate_all`: cut every string (and string array element) attribute to `maxBytes` UTF-8 bytes. */
export interface TruncateAllTransform extends TransformBase {
  transform: 'truncate_all';
  maxBytes: number;
}

/** Transforms reshape span attributes and names; they run before masking, in order. */
export type TransformRule =
  | ReplacePatternTransform
  | DeleteKeyTransform
  | DeleteMatchingKeysTransform
  | SetTransform
  | RenameTransform
  | LimitTransform
  | TruncateAllTransform;

export type Rule = MaskRule | TransformRule;

/** Options of {@link MaskingSpanProcessor}. Bad options throw at construction. */
export interface MaskingOptions {
  /** Which built-in detectors run. Default `default`. Env `OTELKIT_MASKING`. */
  preset?: MaskingPreset;
  /** Turn single detectors on or off over the preset. Env `OTELKIT_MASKING_DETECTORS` (`ip-address,-email`). */
  detectors?: Partial<Record<DetectorName, boolean>>;
  /** Keep GenAI prompt/completion content (turns `gen-ai-content` off). Env `OTELKIT_MASKING_KEEP_GENAI_CONTENT`; default false. */
  keepGenAiContent?: boolean;
  /** Your rules, applied in order before the detectors. Env `OTELKIT_MASKING_RULES` adds rules after these. */
  rules?: Rule[];
  /** Allow-list mode: span attributes whose key matches none of these are deleted. */
  allowKeys?: Pattern[];
  /** Keys never touched by any rule or detector. */
  ignoreKeys?: Pattern[];
  /** HMAC key for `hash`. Env `OTELKIT_MASKING_HASH_KEY`. Required when a rule hashes. */
  hashKey?: string;
  /** Replacement text of `redact`. Default `[REDACTED]`. */
  mask?: string;
  /** Longer string values are cut to this many UTF-16 units before any regex runs. Default 32768. */
  maxValueLength?: number;
  /** Span attribute holding how many values were masked (absent when none). `false` turns it off. Default `otelkit.masking.count`. */
  summaryAttribute?: string | false;
  /** Also mask resource attributes (once per resource). Default true. */
  resource?: boolean;
  /**
   * Receives each diagnostic line (prefixed `@otelkit/masking:`, cut, credentials masked, repeats limited).
   * Default: otelkit's diagnostics channel (stderr, at OTEL_LOG_LEVEL `warn` and above).
   */
  warn?: (message: string) => void;
}

/** Contents of an `OTELKIT_MASKING_RULES` file or inline JSON: a rule list, or options without `hashKey`/`warn`. */
export type MaskingFileConfig = Rule[] | Omit<MaskingOptions, 'hashKey' | 'warn'>;

/** What `resolveMasking` accepts as the `masking` option: `false`/`'off'` turns masking off. */
export type MaskingOption = boolean | MaskingPreset | 'off' | MaskingOptions;
