import type {
  CompiledCondition,
  CompiledOp,
  CompiledTransform,
  KeyMatcher,
} from './internal-types';
import type { RuleCompileContext } from './compile-mask-rule';
import { compileMaskRule } from './compile-mask-rule';
import type { compileTransform as CompileTransform } from './compile-transform';
import { detectorByName } from './detectors/registry';
import type { DetectorName, Rule } from './types';

export interface CompiledRules {
  readonly ops: CompiledOp[];
  readonly drops: CompiledCondition[];
  readonly transforms: CompiledTransform[];
  /** Keys whose string values are masked wherever else they appear on the span (detector secret-reuse). */
  secretKeys?: KeyMatcher;
}

/**
 * User rules in order, then the selected detectors (which run after, so a rule can hash what a detector would
 * redact). `pathPrefix` names the rules in option errors.
 */
export function compileRules(
  rules: readonly Rule[],
  detectors: readonly DetectorName[],
  c: RuleCompileContext,
  pathPrefix = 'rules',
): CompiledRules {
  const out: CompiledRules = { ops: [], drops: [], transforms: [] };
  rules.forEach((rule, i) => {
    const path = `${pathPrefix}[${i}]`;
    const label = typeof rule?.name === 'string' ? `rule "${rule.name}"` : path;
    if (typeof rule === 'object' && rule !== null && 'transform' in rule) {
      out.transforms.push(loadCompileTransform()(rule, path, label));
      return;
    }
    const compiled = compileMaskRule(rule, out.ops.length, path, label, c);
    if ('drop' in compiled) out.drops.push(compiled.drop);
    else out.ops.push(compiled.op);
  });
  for (const name of detectors) {
    const detector = detectorByName(name);
    if (detector?.kind === 'reuse') {
      out.secretKeys = detector.keys;
      continue;
    }
    const compiled = compileMaskRule(
      { detector: name, action: 'redact' },
      out.ops.length,
      `detectors.${name}`,
      `detector ${name}`,
      c,
    );
    if ('op' in compiled) out.ops.push(compiled.op);
  }
  return out;
}

// Transform rules are rare: their compiler is required on the first one, not at start-up with every process.
function loadCompileTransform(): typeof CompileTransform {
  return (require('./compile-transform') as { compileTransform: typeof CompileTransform })
    .compileTransform;
}
