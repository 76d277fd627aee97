/** A stored screening as the server loads it (client, clinic, staff, reviews, consents), built in memory. */
import type { Consent, Review, Screening, ScreeningRecord } from '../../src/clinic/index.js';
import { effectiveTechniques, screeningSteps } from '../../src/clinic/index.js';
import type { Answers, KnowledgeBase } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';

export const AT = '2026-11-25T10:00:00.000Z';
const CLINIC = 'c0000000-0000-4000-8000-000000000001';
export const SCREENING_ID = 's0000000-0000-4000-8000-000000000001';
export const PRACTITIONER = {
  id: 'u-1',
  name: 'Dr Léa Martin',
  role: 'practitioner',
  profession: null,
} as const;

type OverrideInput = Pick<
  Extract<Review, { kind: 'override' }>,
  'techniqueId' | 'decision' | 'reasonCode' | 'reasonText' | 'createdAt'
>;

export function override(input: OverrideInput): Review {
  return {
    id: `r-${input.techniqueId}-${input.createdAt}`,
    clinicId: CLINIC,
    screeningId: SCREENING_ID,
    userId: PRACTITIONER.id,
    kind: 'override',
    note: '',
    ...input,
  };
}

export function signoff(note: string, createdAt: string): Review {
  return {
    id: `r-signoff-${createdAt}`,
    clinicId: CLINIC,
    screeningId: SCREENING_ID,
    userId: PRACTITIONER.id,
    kind: 'signoff',
    note,
    createdAt,
  };
}

export function consent(
  techniques: readonly string[],
  signedAt: string,
  signerName = 'Ana Pseudonym',
): Consent {
  return {
    id: `k-${signedAt}`,
    clinicId: CLINIC,
    clientId: 'client-1',
    screeningId: SCREENING_ID,
    techniques,
    lang: 'en',
    textShown: 'shown',
    signerName,
    signedAt,
    recordedBy: PRACTITIONER.id,
    signature: null,
  };
}

export interface RecordInput {
  readonly answers: Answers;
  readonly reviews?: readonly Review[];
  readonly consents?: readonly Consent[];
  readonly clientName?: string;
  readonly currency?: ScreeningRecord['currency'];
}

export function screeningRecord(kb: KnowledgeBase, input: RecordInput): ScreeningRecord {
  const assessment = assess(kb, input.answers, { assessedAt: AT });
  const screening: Screening = {
    id: SCREENING_ID,
    clinicId: CLINIC,
    clientId: 'client-1',
    moment: 'first_treatment',
    answers: input.answers,
    assessment,
    disposition: assessment.disposition,
    kbVersion: kb.meta.version,
    kbHash: assessment.kb.hash,
    submittedBy: { kind: 'user', userId: PRACTITIONER.id },
    submittedAt: AT,
    validUntil: '2027-05-24T10:00:00.000Z',
    basedOn: null,
  };
  const reviews = input.reviews ?? [];
  return {
    screening,
    basedOn: null,
    client: { id: 'client-1', displayName: input.clientName ?? 'Ana Pseudonym', birthYear: 1961 },
    clinic: { id: CLINIC, name: 'Clinique du Parc' },
    people: [PRACTITIONER],
    reviews,
    consents: input.consents ?? [],
    effective: effectiveTechniques(assessment, reviews),
    steps: screeningSteps(screening, undefined, reviews),
    changes: [],
    currency: input.currency ?? 'current',
    clearanceRequired: false,
  };
}
