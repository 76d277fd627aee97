/**
 * The client information sheet of a technique, built from the knowledge base's client fields: what it
 * is, what it may do and how sure the evidence is, what it cannot do, its risks in words and natural
 * frequencies, what to watch for in the 48 hours after, when to call an ambulance, and the client's
 * choice. Pure: the same knowledge base, technique and language always give the same sheet; the web
 * page renders it and `infoSheetText` gives it as plain text.
 */
import type {
  ComplicationEntry,
  IndicationEntry,
  KnowledgeBase,
  Lang,
  TechniqueEntry,
} from '../core/index.js';
import { INFO_SHEET_STRINGS } from './info-sheet-strings.js';

export type InfoSectionId =
  | 'what'
  | 'benefits'
  | 'limits'
  | 'common'
  | 'serious'
  | 'after'
  | 'emergency'
  | 'choice';

export interface InfoItem {
  /** A short bold lead ("Sore or stiff neck", "How sure we are: weak"), when the item has one. */
  readonly title?: string;
  readonly text: string;
}

export interface InfoSection {
  readonly id: InfoSectionId;
  readonly heading: string;
  /** Paragraphs before the list. */
  readonly paragraphs: readonly string[];
  readonly items: readonly InfoItem[];
  /** A closing paragraph after the list (the emergency number). */
  readonly note?: string;
}

export interface InfoSheet {
  readonly lang: Lang;
  readonly techniqueId: string;
  readonly title: string;
  readonly intro: string;
  readonly sections: readonly InfoSection[];
  readonly footer: string;
}

/** The complications of a technique, in the knowledge base's order. */
export function techniqueRisks(kb: KnowledgeBase, technique: TechniqueEntry): ComplicationEntry[] {
  const ids = new Set(technique.risks);
  return kb.complications.filter((c) => ids.has(c.id));
}

/** Mild harms are listed as common side effects; moderate and serious ones as rare but serious. */
export function isMildRisk(complication: ComplicationEntry): boolean {
  return complication.severity === 'minor';
}

function benefitsOf(kb: KnowledgeBase, technique: TechniqueEntry): IndicationEntry[] {
  return technique.benefits.flatMap((id) => kb.indications.filter((i) => i.id === id));
}

/** The information sheet of one technique, or undefined when the knowledge base has no such technique. */
export function infoSheet(kb: KnowledgeBase, techniqueId: string, lang: Lang): InfoSheet | undefined {
  const technique = kb.index.technique.get(techniqueId);
  if (technique === undefined) return undefined;
  const w = INFO_SHEET_STRINGS[lang];
  const benefits = benefitsOf(kb, technique);
  const risks = techniqueRisks(kb, technique);
  const riskIds = new Set(risks.map((r) => r.id));
  const riskItem = (c: ComplicationEntry): InfoItem => ({
    title: c.client.name[lang],
    text: c.client.frequency[lang],
  });
  const helps = benefits.filter((b) => b.certainty !== 'none');
  const cannot = benefits.filter((b) => b.certainty === 'none');
  const mild = risks.filter(isMildRisk);
  const serious = risks.filter((c) => !isMildRisk(c));
  const byRisk = (advice: Readonly<Record<string, string>>): string[] =>
    Object.entries(advice)
      .filter(([id]) => riskIds.has(id))
      .map(([, text]) => text);
  const sections: InfoSection[] = [
    { id: 'what', heading: w.what, paragraphs: [technique.client.description[lang]], items: [] },
    {
      id: 'benefits',
      heading: w.benefits,
      paragraphs: helps.length === 0 ? [w.noBenefits] : [],
      items: helps.map((b) => ({ title: w.sure(w.certainty[b.certainty]), text: b.clientSummary[lang] })),
    },
  ];
  if (cannot.length > 0)
    sections.push({
      id: 'limits',
      heading: w.limits,
      paragraphs: [],
      items: cannot.map((b) => ({ text: b.clientSummary[lang] })),
    });
  if (mild.length > 0)
    sections.push({
      id: 'common',
      heading: w.common,
      paragraphs: [w.commonIntro],
      items: mild.map(riskItem),
    });
  if (serious.length > 0)
    sections.push({
      id: 'serious',
      heading: w.serious,
      paragraphs: [w.seriousIntro],
      items: serious.map(riskItem),
    });
  sections.push(
    {
      id: 'after',
      heading: w.after,
      paragraphs: [],
      items: [...w.afterItems, ...byRisk(w.afterByRisk)].map((text) => ({ text })),
    },
    {
      id: 'emergency',
      heading: w.emergency,
      paragraphs: [w.emergencyIntro],
      items: [...w.emergencySigns, ...byRisk(w.emergencyByRisk)].map((text) => ({ text })),
      note: w.emergencyCall,
    },
    { id: 'choice', heading: w.choice, paragraphs: [], items: w.choiceItems.map((text) => ({ text })) },
  );
  return {
    lang,
    techniqueId,
    title: w.title(technique.client.name[lang]),
    intro: w.intro,
    sections,
    footer: w.source(kb.meta.version),
  };
}

/** The sheet as plain text: headings, paragraphs, and list items starting with "- ". */
export function infoSheetText(sheet: InfoSheet): string {
  const blocks: string[] = [sheet.title, sheet.intro];
  for (const section of sheet.sections) {
    const lines = [section.heading, ...section.paragraphs];
    for (const item of section.items)
      lines.push(`- ${item.title === undefined ? '' : `${item.title}. `}${item.text}`);
    if (section.note !== undefined) lines.push(section.note);
    blocks.push(lines.join('\n'));
  }
  blocks.push(sheet.footer);
  return blocks.join('\n\n');
}
