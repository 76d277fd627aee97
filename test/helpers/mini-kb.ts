import type { KbSourceText } from '../../src/core/index.js';

const text = (en: string): string => `{ en: "${en}", fr: "${en} (fr)" }`;

/** A small but complete knowledge base, one concern per file, that tests break one piece at a time. */
export const MINI_KB: Readonly<Record<string, string>> = {
  'kb.yaml': `
meta:
  id: mini
  version: 1.0.0
  released: 2026-01-01
  status: draft
  title: ${text('Mini')}
  disclaimer: ${text('Not a medical device')}
referralTargets:
  - { id: emergency_services, name: ${text('Emergency')} }
  - { id: physician, name: ${text('Physician')} }
`,
  'techniques.yaml': `
techniques:
  - { id: light, force: 1, name: ${text('Light')}, description: ${text('Light')}, client: { name: ${text('Light')}, description: ${text('Light')} }, benefits: [], risks: [soreness], citations: [smith-2020] }
  - { id: thrust, force: 2, name: ${text('Thrust')}, description: ${text('Thrust')}, client: { name: ${text('Thrust')}, description: ${text('Thrust')} }, benefits: [], risks: [soreness], citations: [smith-2020] }
sites: []
precautions:
  - { id: gentle, text: ${text('Be gentle')} }
complications:
  - id: soreness
    name: ${text('Soreness')}
    description: ${text('Soreness')}
    severity: minor
    incidence: ${text('1 in 10')}
    client: { name: ${text('Soreness')}, likelihood: common, chance: ${text('about 1 in 10')}, frequency: ${text('About 1 person in 10')} }
    evidence: V
    citations: [smith-2020]
citations:
  - { id: smith-2020, authors: Smith A, year: 2020, title: A study, source: J Test 1:1, doi: 10.1000/test, verification: V }
`,
  'questions.yaml': `
sections:
  - { id: main, title: ${text('Main')} }
questions:
  - id: pain
    section: main
    type: boolean
    audience: client
    allowUnknown: true
    text: ${text('Pain?')}
    clinicianLabel: ${text('Pain')}
  - id: pain_sudden
    section: main
    type: boolean
    audience: client
    allowUnknown: true
    enableWhen: { q: pain, is: true }
    text: ${text('Sudden?')}
    clinicianLabel: ${text('Sudden pain')}
  - id: age
    section: main
    type: number
    audience: client
    allowUnknown: true
    min: 0
    max: 120
    text: ${text('Age?')}
    clinicianLabel: ${text('Age')}
`,
  'rules.yaml': `
rules:
  - id: E1
    version: 1
    title: ${text('Sudden pain')}
    covers: [E3]
    disposition: emergency
    when:
      all:
        - { q: pain, is: true }
        - { q: pain_sudden, is: true }
    onUnknown: review
    referral: { to: emergency_services, urgency: immediate }
    evidence: V
    citations: [smith-2020]
    rationale: Sudden pain is an emergency.
    review: { status: draft, author: test }
    client: ${text('Call emergency services')}
    clinician: ${text('Emergency')}
    vectors:
      - { name: sudden, answers: { pain: true, pain_sudden: true }, expect: true }
      - { name: no pain, answers: { pain: false }, expect: false }
      - { name: unsure, answers: { pain: true, pain_sudden: unknown }, expect: unknown }
  - id: P1
    version: 1
    title: ${text('Older')}
    covers: [P9]
    disposition: precautions
    when: { q: age, gte: 65 }
    onUnknown: apply
    techniques: { thrust: contraindicated }
    precautions: [gentle]
    evidence: V
    citations: [smith-2020]
    rationale: Older people need care.
    review: { status: draft, author: test }
    client: ${text('Gentle care')}
    clinician: ${text('No thrust')}
    vectors:
      - { name: old, answers: { age: 70 }, expect: true }
      - { name: young, answers: { age: 30 }, expect: false }
      - { name: unknown, answers: { age: unknown }, expect: unknown }
`,
};

export function miniSources(changes: Readonly<Record<string, string>> = {}): KbSourceText[] {
  const files = { ...MINI_KB, ...changes };
  return Object.entries(files).map(([path, content]) => ({ path, text: content }));
}
