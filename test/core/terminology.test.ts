/**
 * knowledge/terminology.yaml: the standard codes load with the knowledge base, and a binding to a question,
 * option or technique that does not exist refuses it (as the record mapping does), naming file and entry.
 */
import { describe, expect, it } from 'vitest';
import type { KbIssue, KbSourceText } from '../../src/core/index.js';
import { formatKbIssue, loadKnowledgeBase, TERMINOLOGY_SYSTEMS } from '../../src/core/index.js';
import { readKbSources } from '../../src/node/kb-files.js';

const FILE = 'terminology.yaml';
const shipped: Promise<KbSourceText[]> = readKbSources();

async function load(from?: string, to?: string) {
  const sources = (await shipped).map((s) => {
    if (s.path !== FILE || from === undefined || to === undefined) return s;
    if (!s.text.includes(from)) throw new Error(`"${from}" not in ${FILE}`);
    return { ...s, text: s.text.replace(from, to) };
  });
  return loadKnowledgeBase(sources);
}

async function issuesFor(from: string, to: string): Promise<KbIssue[]> {
  const result = await load(from, to);
  if (result.ok) throw new Error('expected the knowledge base to be refused');
  return [...result.errors];
}

describe('the terminology bindings of the knowledge base', () => {
  it('load with the shipped knowledge base: LOINC and UCUM on age, SNOMED CT on techniques', async () => {
    const result = await load();
    if (!result.ok) throw new Error(result.errors.map(formatKbIssue).join('\n'));
    const { terminology } = result.value.kb;
    expect(terminology.questions.get('age')).toEqual([
      { system: TERMINOLOGY_SYSTEMS.loinc, code: '21612-7', display: 'Age - Reported' },
    ]);
    expect(terminology.units.get('age')).toEqual({
      system: TERMINOLOGY_SYSTEMS.ucum,
      code: 'a',
      display: 'year',
    });
    expect(terminology.techniques.get('manipulation')?.[0]?.code).toBe('399010004');
    expect(terminology.options.get('conditions/migraine')?.[0]?.system).toBe(TERMINOLOGY_SYSTEMS.snomed);
  });

  it('refuse an unknown question, option or technique', async () => {
    expect(await issuesFor('- question: age', '- question: agee')).toEqual([
      expect.objectContaining({
        file: FILE,
        entry: 'question term agee',
        field: 'question',
        message: 'unknown question "agee"',
      }),
    ]);
    expect(await issuesFor('option: migraine', 'option: migrane')).toEqual([
      expect.objectContaining({
        entry: 'option term conditions/migrane',
        message: 'question "conditions" has no option "migrane"',
      }),
    ]);
    expect(await issuesFor('technique: manipulation', 'technique: thrust')).toEqual([
      expect.objectContaining({ entry: 'technique term thrust', message: 'unknown technique "thrust"' }),
    ]);
  });

  it('refuse a unit on a question that is not a number, a malformed code and a double binding', async () => {
    const unit = await issuesFor(
      '- question: sex\n      loinc: { code: 46098-0, display: Sex }',
      '- question: sex\n      ucum: { code: a, display: year }',
    );
    expect(unit.map((i) => i.message)).toEqual(['question "sex" is choice: only a number has a unit']);
    const malformed = await issuesFor('code: "37796009"', 'code: "3779"');
    expect(malformed.map((i) => i.file)).toEqual([FILE]);
    const twice = await issuesFor('option: high_bp', 'option: migraine');
    expect(twice.map((i) => i.message)).toEqual(['"conditions/migraine" is bound twice: give it one entry']);
  });
});
