/** Extra files for the mini knowledge base: questions a record can answer, and a record mapping. */
const text = (en: string): string => `{ en: "${en}", fr: "${en} (fr)" }`;

export const MINI_RECORD_FILES: Readonly<Record<string, string>> = {
  'questions-history.yaml': `
questions:
  - id: history
    section: main
    type: multi
    audience: client
    allowUnknown: true
    text: ${text('Any of these?')}
    clinicianLabel: ${text('History')}
    options:
      - { id: stroke, text: ${text('Stroke')} }
      - { id: anticoagulant, text: ${text('Blood thinner')} }
      - { id: low_dose_aspirin, text: ${text('Low-dose aspirin')} }
      - { id: none, text: ${text('None of these')}, exclusive: true }
  - id: stroke_recent
    section: main
    type: boolean
    audience: client
    allowUnknown: true
    text: ${text('Stroke in the last 6 months?')}
    clinicianLabel: ${text('Recent stroke')}
  - id: smoker
    section: main
    type: choice
    audience: client
    allowUnknown: true
    text: ${text('Do you smoke?')}
    clinicianLabel: ${text('Smoking')}
    options:
      - { id: current, text: ${text('Yes')} }
      - { id: former, text: ${text('I used to')} }
      - { id: never, text: ${text('Never')} }
`,
  'ehr/record-mapping.yaml': `
recordMapping:
  citations: [smith-2020]
  negations: ["no", suspected]
  patient:
    age: { question: age }
  conditions:
    - id: stroke
      answer: { question: history, option: stroke }
      snomed: ["230690007"]
      icd10: [I63]
      words: ['\\bstroke\\b']
      recent:
        within: { value: 183, unit: days }
        answer: { question: stroke_recent }
    - id: smoker_now
      answer: { question: smoker, option: current }
      words: [current smoker]
    - id: smoker_before
      answer: { question: smoker, option: former }
      words: [former smoker, ex-smoker]
  medications:
    - id: anticoagulant
      answer: { question: history, option: anticoagulant }
      atc: [B01AF]
      words: [apixaban]
    - id: aspirin
      words: [aspirin]
      byDose:
        threshold: { value: 100, unit: mg }
        atOrBelow: { question: history, option: low_dose_aspirin }
        above: { question: history, option: anticoagulant }
  appointments:
    handsOn: { serviceType: ["25"], words: [massag] }
    physiotherapy: { words: [physio] }
    neck: { words: [neck] }
`,
};
