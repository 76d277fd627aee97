import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answers, Assessment, KnowledgeBase, Lang } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { messages, renderHtml, renderMarkdown, renderText } from '../../src/report/index.js';
import { kb as loadKb } from '../helpers/kb.js';

const ROOT = join(import.meta.dirname, '..', '..');
const AT = '2026-11-25T10:00:00Z';

let kb: KnowledgeBase;
let cases: Readonly<Record<'emergency' | 'precautions' | 'incomplete', Assessment>>;

async function example(name: string): Promise<Answers> {
  return JSON.parse(await readFile(join(ROOT, 'examples', `${name}.json`), 'utf8')) as Answers;
}

beforeAll(async () => {
  kb = await loadKb();
  const benign = await example('benign-desk-worker');
  cases = {
    emergency: assess(kb, await example('thunderclap-headache'), { assessedAt: AT }),
    precautions: assess(kb, await example('anticoagulated-older-client'), { assessedAt: AT }),
    incomplete: assess(kb, { ...benign, headache: 'unknown' }, { assessedAt: AT }),
  };
});

const LANGS: readonly Lang[] = ['en', 'fr'];
const RENDERERS = {
  text: (a: Assessment, lang: Lang) => renderText(kb, a, lang),
  markdown: (a: Assessment, lang: Lang) => renderMarkdown(kb, a, lang),
  html: (a: Assessment, lang: Lang) => renderHtml(kb, a, lang),
};

describe('reports', () => {
  it('start from the expected assessments', () => {
    expect(cases.emergency.disposition).toBe('emergency');
    expect(cases.precautions.disposition).toBe('precautions');
    expect(cases.incomplete.disposition).toBe('incomplete');
  });

  for (const [format, render] of Object.entries(RENDERERS)) {
    for (const lang of LANGS) {
      describe(`${format}, ${lang}`, () => {
        const m = messages(lang);

        it('put the disposition first, and the emergency instructions only for an emergency', () => {
          for (const [disposition, assessment] of Object.entries(cases)) {
            const out = render(assessment, lang);
            const label = m.disposition[assessment.disposition].label;
            expect(out, disposition).toContain(label);
            expect(out.indexOf(label)).toBeLessThan(out.indexOf(m.table.technique));
            const instructions = m.emergency.steps[1] ?? '';
            if (disposition === 'emergency') expect(out).toContain(instructions.slice(0, 20));
            else expect(out).not.toContain(instructions.slice(0, 20));
          }
        });

        it('explain each finding: rule and version, message, answers, citations', () => {
          const out = render(cases.emergency, lang);
          const e3 = cases.emergency.findings.find((f) => f.ruleId === 'E3');
          expect(out).toContain(m.finding.rule('E3', e3?.ruleVersion ?? 0));
          expect(out).toContain(m.finding.unreviewed);
          expect(out).toContain(e3?.title[lang]);
          expect(out).toContain(m.certainty.definite.label);
          expect(out).toContain(kb.index.question.get('headache_thunderclap')?.clinicianLabel[lang]);
          expect(out).toContain('10.1001/jama.2013.278018');
          expect(out).toContain(m.urgency.immediate.label);
          expect(out).toContain(m.decision.contraindicated.label);
        });

        it('list case-specific precautions before the standard ones', () => {
          const out = render(cases.precautions, lang);
          const specific = cases.precautions.precautions.find((p) => !p.standard)?.text[lang] ?? '';
          const standard = cases.precautions.precautions.find((p) => p.standard)?.text[lang] ?? '';
          expect(specific).not.toBe('');
          const find = (text: string) =>
            out.indexOf(format === 'text' ? text.slice(0, 30) : text.slice(0, 20));
          expect(find(specific)).toBeGreaterThan(-1);
          expect(find(specific)).toBeLessThan(find(standard));
          expect(out).toContain(m.decision.precautions.label);
        });

        it('list the warning signs not ruled out and the open questions', () => {
          const out = render(cases.incomplete, lang);
          expect(out).toContain(m.heading.unresolved);
          expect(out).toContain(m.heading.openQuestions);
          expect(out).toContain(kb.index.question.get('headache')?.clinicianLabel[lang]);
          expect(out).toContain(m.decision.relative.label);
        });

        it('end with the knowledge-base version and hash, and the disclaimer', () => {
          const out = render(cases.precautions, lang);
          expect(out).toContain(cases.precautions.kb.hash);
          expect(out).toContain(AT);
          const disclaimer = kb.meta.disclaimer[lang].slice(0, 25);
          expect(out.lastIndexOf(disclaimer)).toBeGreaterThan(out.indexOf(cases.precautions.kb.hash) - 500);
          expect(out.indexOf(disclaimer)).toBeGreaterThan(out.indexOf(m.table.technique));
        });
      });
    }
  }

  it('show the client messages for the client audience', () => {
    const e3 = cases.emergency.findings.find((f) => f.ruleId === 'E3');
    const out = renderText(kb, cases.emergency, 'en', { audience: 'client' });
    expect(out).toContain(e3?.client.en.slice(0, 40));
    expect(out).not.toContain(e3?.clinician.en.slice(0, 40));
    expect(out).toContain(kb.index.question.get('headache_thunderclap')?.text.en.slice(0, 40));
  });

  it('use ANSI colours in text only when asked', () => {
    expect(renderText(kb, cases.emergency, 'en')).not.toContain('\u001b[');
    expect(renderText(kb, cases.emergency, 'en', { color: true })).toContain('\u001b[');
  });

  it('render techniques as a Markdown table', () => {
    const out = renderMarkdown(kb, cases.precautions, 'fr');
    expect(out).toContain('| Technique | Décision | Raison principale |');
    expect(out.match(/^\| .* \| \*\*.*\*\* \| .* \|$/gm)).toHaveLength(kb.techniques.length);
  });

  it('link citations in HTML to doi.org or PubMed', () => {
    const out = renderHtml(kb, cases.emergency, 'en');
    expect(out).toContain('href="https://doi.org/10.1001/jama.2013.278018"');
  });
});
