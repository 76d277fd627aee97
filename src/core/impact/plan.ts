/**
 * The shortcut that makes impact analysis fast: when two knowledge bases differ only in some rules (same
 * questions, techniques, precautions and the rest), an answer set for which every differing rule is false
 * under both versions has the same assessment under both, so only the differing rules need evaluating.
 * Anything else (true or unknown somewhere) is assessed in full.
 */
import type { KnowledgeBundle } from '../kb/bundle.js';
import { canonicalJson } from '../kb/hash.js';
import type { KnowledgeBase, Rule } from '../kb/model.js';
import type { KbFile } from '../kb/schema.js';

export interface ImpactPlan {
  /** The rules that differ: changed (both), added (`to` only) or removed (`from` only). */
  readonly rules: readonly { readonly from: Rule | undefined; readonly to: Rule | undefined }[];
}

/** Everything of a bundle but its rules and its identity (meta). */
function rest(bundle: KnowledgeBundle): string {
  const parts = bundle.files.map((f) => {
    const { rules: _rules, meta: _meta, ...others }: KbFile = f.data;
    return others;
  });
  return canonicalJson(parts.filter((p) => Object.keys(p).length > 0));
}

function rulesById(bundle: KnowledgeBundle): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of bundle.files) for (const r of f.data.rules ?? []) out.set(r.id, canonicalJson(r));
  return out;
}

/** The plan when only rules differ; undefined when anything else does (every answer set is assessed). */
export function planImpact(
  fromBundle: KnowledgeBundle,
  toBundle: KnowledgeBundle,
  from: KnowledgeBase,
  to: KnowledgeBase,
): ImpactPlan | undefined {
  if (rest(fromBundle) !== rest(toBundle)) return undefined;
  const a = rulesById(fromBundle);
  const b = rulesById(toBundle);
  const ids = new Set([...a.keys(), ...b.keys()]);
  const rules: { from: Rule | undefined; to: Rule | undefined }[] = [];
  for (const id of ids) {
    if (a.get(id) === b.get(id)) continue;
    rules.push({ from: from.index.rule.get(id), to: to.index.rule.get(id) });
  }
  return { rules };
}
