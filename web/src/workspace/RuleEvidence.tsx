/**
 * What stands behind a rule beyond its citations: the validated instrument it applies, with its published
 * accuracy, and the guidelines that endorse the red flag (guidelines often disagree on red flags, so a
 * clinician needs to see which ones back this one).
 */
import type { KnowledgeBase, Lang, LocalizedText } from '../../../src/core/browser.js';
import { WORKSPACE_STRINGS } from './strings.js';

export interface RuleEvidenceData {
  readonly instrument?: {
    readonly name: LocalizedText;
    readonly accuracy: LocalizedText;
    readonly source: string;
  } | null;
  readonly endorsedBy?: readonly string[] | null;
}

const short = (kb: KnowledgeBase, id: string): string => {
  const c = kb.index.citation.get(id);
  return c === undefined ? id : `${c.authors.split(',')[0]} ${c.year}`;
};

export function RuleEvidence({ rule, kb, lang }: { rule: RuleEvidenceData; kb: KnowledgeBase; lang: Lang }) {
  const s = WORKSPACE_STRINGS[lang].evidence;
  const instrument = rule.instrument ?? undefined;
  const endorsedBy = rule.endorsedBy ?? undefined;
  return (
    <>
      {instrument !== undefined && (
        <p class="instrument">
          <strong>{s.instrument}:</strong> {instrument.name[lang]} — {instrument.accuracy[lang]} (
          {short(kb, instrument.source)})
        </p>
      )}
      <p class="endorsements">
        <strong>{s.endorsedBy}:</strong>{' '}
        {endorsedBy === undefined
          ? s.notChecked
          : endorsedBy.length === 0
            ? s.none
            : endorsedBy.map((id) => kb.index.citation.get(id)?.title ?? id).join('; ')}
      </p>
    </>
  );
}
