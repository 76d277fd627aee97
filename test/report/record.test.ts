/**
 * A stored screening's report: whose screening it is (client, clinic, who recorded each step and when, in
 * readable dates), whether it is current, the decisions that count after overrides with who changed them,
 * when and why, sign-offs and consents; in English and French, escaped; and unchanged without a record.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScreeningRecord } from '../../src/clinic/index.js';
import type { Answers, KnowledgeBase } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import { escapeHtml, messages, renderHtml, renderMarkdown, renderText } from '../../src/report/index.js';
import { BENIGN } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { AT, consent, override, screeningRecord, signoff } from './record-fixture.js';

const LATER = '2026-11-25T10:30:00.000Z';
const CLEARANCE = 'Dr Dupont (GP) confirmed by letter that deep tissue work is safe on her dose';

let kb: KnowledgeBase;
let anticoagulated: Answers;
let record: ScreeningRecord;

/** The row of a technique in the table, from its name to the end of the row. */
function row(html: string, techniqueId: string): string {
  const name = kb.index.technique.get(techniqueId)?.name.en ?? techniqueId;
  const start = html.indexOf(`<tr><td>${name.replaceAll('"', '&quot;')}</td>`);
  expect(start, techniqueId).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</tr>', start));
}

beforeAll(async () => {
  kb = await loadKb();
  const file = join(import.meta.dirname, '..', '..', 'examples', 'anticoagulated-older-client.json');
  anticoagulated = JSON.parse(await readFile(file, 'utf8')) as Answers;
  record = screeningRecord(kb, {
    answers: anticoagulated,
    reviews: [
      override({
        techniqueId: 'deep_tissue',
        decision: 'precautions',
        reasonCode: 'medical_clearance_obtained',
        reasonText: CLEARANCE,
        createdAt: LATER,
      }),
      signoff('Reviewed with the client', '2026-11-25T10:45:00.000Z'),
    ],
    consents: [consent(['light_massage', 'deep_tissue'], '2026-11-25T11:00:00.000Z')],
  });
});

describe('a report with its screening record', () => {
  it('starts with whose screening it is: client, clinic, date, knowledge base version and status', () => {
    const html = renderHtml(kb, record.screening.assessment, 'en', { audience: 'clinician', record });
    const m = messages('en');
    const block = html.slice(html.indexOf(m.record.heading), html.indexOf(m.heading.result));
    expect(html.indexOf(m.record.heading)).toBeLessThan(html.indexOf(m.heading.result));
    expect(block).toContain('Ana Pseudonym (born 1961)');
    expect(block).toContain('Clinique du Parc');
    expect(block).toContain(`<td>${kb.meta.version}</td>`);
    expect(block).toContain('25 November 2026 at 10:00 UTC');
    expect(block).toContain(escapeHtml(m.record.currency.current));
    expect(block).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('names who recorded each step and when, the sign-offs with their note, and the consents', () => {
    const html = renderHtml(kb, record.screening.assessment, 'en', { record });
    const first = messages('en').record.step[record.steps[0]?.kind ?? 'screening'];
    expect(html).toContain(
      `<li>${escapeHtml(first)}: recorded by Dr Léa Martin on 25 November 2026 at 10:00 UTC</li>`,
    );
    expect(html).toContain('<li>Sign-off: recorded by Dr Léa Martin on 25 November 2026 at 10:45 UTC</li>');
    expect(html).toContain('<li>Dr Léa Martin, 25 November 2026 at 10:45 UTC: Reviewed with the client</li>');
    const light = kb.index.technique.get('light_massage')?.name.en ?? '';
    expect(html).toContain(
      `Ana Pseudonym consented to ${light}, ${kb.index.technique.get('deep_tissue')?.name.en} on 25 November 2026 at 11:00 UTC (recorded by Dr Léa Martin)`,
    );
  });

  it('shows the decision after the override, from what to what, by whom, when and why', () => {
    const html = renderHtml(kb, record.screening.assessment, 'en', { record });
    const deep = row(html, 'deep_tissue');
    expect(deep).toContain('<td class="decision c-precautions">Allowed with precautions</td>');
    expect(deep).toContain(
      'Overridden by Dr Léa Martin on 25 November 2026 at 10:30 UTC: from “Contraindicated” to “Allowed with precautions”.',
    );
    expect(deep).toContain(`Reason: medical clearance obtained. “${CLEARANCE}”`);
    expect(row(html, 'stretching')).toContain('c-contraindicated');
    expect(row(html, 'stretching')).toContain(escapeHtml(messages('en').record.unchanged));
    expect(html).toContain(`<th>${messages('en').record.review}</th>`);
  });

  it('says when a gentler technique made a more forceful one stricter', () => {
    const raised = screeningRecord(kb, {
      answers: BENIGN,
      reviews: [
        override({
          techniqueId: 'deep_tissue',
          decision: 'relative',
          reasonCode: 'clinical_judgement_higher_risk',
          reasonText: '',
          createdAt: LATER,
        }),
      ],
    });
    const html = renderHtml(kb, raised.screening.assessment, 'en', { record: raised });
    const stretching = row(html, 'stretching');
    expect(stretching).toContain('c-relative');
    expect(stretching).toContain(
      `Raised to “Relative contraindication” because of the decision for ${kb.index.technique.get('deep_tissue')?.name.en}, a gentler technique.`,
    );
    expect(row(html, 'deep_tissue')).toContain('Reason: clinical judgement: higher risk.</p>');
    expect(row(html, 'light_massage')).toContain('c-allowed');
  });

  it('says so when nobody signed off and no consent was given, and when the screening is not current', () => {
    const m = messages('en').record;
    for (const currency of ['superseded', 'expired', 'after_event'] as const) {
      const bare = screeningRecord(kb, { answers: BENIGN, currency });
      const html = renderHtml(kb, bare.screening.assessment, 'en', { record: bare });
      expect(html).toContain(escapeHtml(m.currency[currency]));
      expect(html).toContain(`<p>${m.noSignoff}</p>`);
      expect(html).toContain(`<p>${m.noConsent}</p>`);
    }
  });

  it('is in French too, with French dates', () => {
    const html = renderHtml(kb, record.screening.assessment, 'fr', { record });
    const m = messages('fr');
    expect(html).toContain(m.record.heading);
    expect(html).toContain('Ana Pseudonym (année de naissance : 1961)');
    const first = m.record.step[record.steps[0]?.kind ?? 'screening'];
    expect(html).toContain(
      escapeHtml(`${first} : enregistrement par Dr Léa Martin le 25 novembre 2026 à 10 h 00 UTC`),
    );
    expect(html).toContain(
      'Modifiée par Dr Léa Martin le 25 novembre 2026 à 10 h 30 UTC : de « Contre-indiquée » à « Autorisée avec précautions ».',
    );
    expect(html).toContain('Motif : accord médical obtenu.');
    expect(html).toContain(escapeHtml(m.record.currency.current));
    expect(html).not.toContain('Overridden by');
  });

  it('escapes what staff and clients typed', () => {
    const hostile = screeningRecord(kb, {
      answers: anticoagulated,
      clientName: '<b>Ana</b> & "Co"',
      reviews: [
        override({
          techniqueId: 'deep_tissue',
          decision: 'precautions',
          reasonCode: 'medical_clearance_obtained',
          reasonText: '<script>alert(1)</script> cleared by the GP & the cardiologist',
          createdAt: LATER,
        }),
        signoff('<img src=x onerror=alert(1)>', LATER),
      ],
      consents: [consent(['light_massage'], LATER, '<i>Ana</i>')],
    });
    const html = renderHtml(kb, hostile.screening.assessment, 'en', { record: hostile });
    expect(html).toContain('&lt;b&gt;Ana&lt;/b&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; cleared by the GP &amp; the cardiologist');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;i&gt;Ana&lt;/i&gt; consented');
    expect(html).not.toMatch(/<script|<img|<b>Ana|<i>Ana/);
  });

  it('stays exactly as before without a record', () => {
    const assessment = assess(kb, anticoagulated, { assessedAt: AT });
    const html = renderHtml(kb, assessment, 'en', { audience: 'clinician' });
    expect(html).toBe(renderHtml(kb, assessment, 'en'));
    expect(html).not.toContain(messages('en').record.heading);
    expect(html).not.toContain(messages('en').record.review);
    expect(html).toContain(`<code>${AT}</code>`);
    expect(row(html, 'deep_tissue')).toContain('c-contraindicated');
  });

  it('gives text and Markdown the decisions after overrides, with the override in the reason', () => {
    const text = renderText(kb, record.screening.assessment, 'en', { record, width: 400 });
    expect(text).toContain('Overridden by Dr Léa Martin on 25 November 2026 at 10:30 UTC');
    const md = renderMarkdown(kb, record.screening.assessment, 'en', { record });
    const deep = md.split('\n').find((l) => l.includes('Deep tissue')) ?? '';
    expect(deep).toContain('**Allowed with precautions**');
    expect(deep).toContain('Overridden by Dr Léa Martin');
  });
});
