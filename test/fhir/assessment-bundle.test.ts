/**
 * Assessments as FHIR: a Bundle with the response, a RiskAssessment and one DetectedIssue per finding or
 * unexcluded red flag, valid for every clinical case; and the mapping of dispositions, decisions,
 * precautions, referrals and citations.
 */
import type { Bundle, DetectedIssue, RiskAssessment } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { Answers, Assessment } from '../../src/core/index.js';
import { assess } from '../../src/core/index.js';
import {
  assessmentBundle,
  capabilityStatement,
  EXTENSIONS,
  issue,
  operationOutcome,
  responseFromAnswers,
  SYSTEMS,
} from '../../src/fhir/index.js';
import { BENIGN, withAnswers } from '../helpers/answers.js';
import { kb as loadKb } from '../helpers/kb.js';
import { allCases } from './helpers/cases.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();
const kb = await loadKb();
const AT = '2026-11-25T10:00:00.000Z';

function bundleFor(answers: Answers, lang: 'en' | 'fr' = 'en'): { bundle: Bundle; assessment: Assessment } {
  const assessment = assess(kb, answers, { assessedAt: AT });
  const response = responseFromAnswers(kb, answers, { lang, authored: AT });
  return {
    bundle: assessmentBundle(kb, assessment, { response, lang, subject: { reference: 'Patient/p1' } }),
    assessment,
  };
}

const resources = <T>(bundle: Bundle, type: string): T[] =>
  (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];

const EMERGENCY = withAnswers(BENIGN, { headache: true, headache_thunderclap: true, headache_severe: true });
const INCOMPLETE = withAnswers(BENIGN, { neuro_symptoms: 'unknown' });
const PRECAUTIONS = withAnswers(BENIGN, { medications: ['anticoagulant'], age: 74 });

describe('assessmentBundle', () => {
  it.each(allCases(kb).map((c) => [c.name, c.answers] as const))(
    'is a valid R4 Bundle for %s',
    (_name, answers) => {
      const { bundle, assessment } = bundleFor(answers);
      fhir.expectValid(bundle);
      expect(resources<DetectedIssue>(bundle, 'DetectedIssue')).toHaveLength(
        assessment.findings.length + assessment.unresolved.length,
      );
    },
  );

  it('is valid in French too, and with no subject, response or clock', () => {
    fhir.expectValid(bundleFor(EMERGENCY, 'fr').bundle);
    const bare = assessmentBundle(kb, assess(kb, INCOMPLETE));
    fhir.expectValid(bare);
    expect(bare.timestamp).toBeUndefined();
    expect(resources<RiskAssessment>(bare, 'RiskAssessment')[0]?.subject.display).toMatch(/Unidentified/);
  });

  it('links the RiskAssessment to the response and names the knowledge base and its version', () => {
    const { bundle } = bundleFor(BENIGN);
    expect(bundle.type).toBe('collection');
    const [qrEntry, riskEntry] = bundle.entry ?? [];
    expect(qrEntry?.resource?.resourceType).toBe('QuestionnaireResponse');
    expect(qrEntry?.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const risk = riskEntry?.resource as RiskAssessment;
    expect(risk.status).toBe('final');
    expect(risk.basis?.[0]?.reference).toBe(qrEntry?.fullUrl);
    expect(risk.method?.coding?.[0]).toEqual({
      system: SYSTEMS.knowledgeBase,
      code: kb.meta.id,
      version: kb.meta.version,
    });
    expect(risk.occurrenceDateTime).toBe(AT);
    expect(new Set(bundle.entry?.map((e) => e.fullUrl)).size).toBe(bundle.entry?.length);
  });

  it('predicts a qualitative risk per technique and overall, from the risk-probability code system', () => {
    const { bundle, assessment } = bundleFor(PRECAUTIONS);
    const [risk] = resources<RiskAssessment>(bundle, 'RiskAssessment');
    const predictions = risk?.prediction ?? [];
    expect(predictions).toHaveLength(1 + kb.techniques.length);
    expect(predictions[0]?.outcome?.coding?.[0]).toEqual({
      system: SYSTEMS.dispositions,
      code: 'precautions',
    });
    expect(predictions[0]?.qualitativeRisk?.coding?.[0]).toMatchObject({
      system: SYSTEMS.riskProbability,
      code: 'moderate',
    });
    const byTechnique = Object.fromEntries(
      predictions.slice(1).map((p) => [p.outcome?.coding?.[0]?.code, p.extension?.[0]?.valueCode]),
    );
    expect(byTechnique).toEqual(
      Object.fromEntries(assessment.techniques.map((t) => [t.techniqueId, t.decision])),
    );
    expect(risk?.mitigation).toBeDefined();
    expect(risk?.note?.length).toBeGreaterThan(0);
    const fired = risk?.extension
      ?.filter((e) => e.url === EXTENSIONS.firedRule)
      .map((e) => e.valueCoding?.code);
    expect(fired).toEqual(assessment.findings.map((f) => f.ruleId));
  });

  it('raises a high-severity DetectedIssue for an emergency, with the clinician text and citation addresses', () => {
    const { bundle, assessment } = bundleFor(EMERGENCY);
    expect(assessment.disposition).toBe('emergency');
    const issues = resources<DetectedIssue>(bundle, 'DetectedIssue');
    const emergency = assessment.findings.find((f) => f.disposition === 'emergency');
    const found = issues.find((i) => i.code?.coding?.[0]?.code === emergency?.ruleId);
    expect(found).toMatchObject({
      status: 'final',
      severity: 'high',
      detail: emergency?.clinician.en,
      patient: { reference: 'Patient/p1' },
      implicated: [{ reference: 'Patient/p1' }],
    });
    expect(found?.reference).toMatch(/^https:\/\/(doi\.org|pubmed\.ncbi\.nlm\.nih\.gov)\//);
    const cited = found?.evidence
      ?.flatMap((e) => e.detail ?? [])
      .filter((d) => d.identifier?.system === SYSTEMS.uri);
    expect(cited?.length).toBe(emergency?.citations.length);
    expect(found?.mitigation?.[0]?.action.text).toMatch(/Emergency/);
    const [risk] = resources<RiskAssessment>(bundle, 'RiskAssessment');
    expect(risk?.prediction?.[0]?.qualitativeRisk?.coding?.[0]?.code).toBe('high');
  });

  it('maps precautions to moderate and unexcluded red flags to preliminary high-severity issues', () => {
    const precautions = resources<DetectedIssue>(bundleFor(PRECAUTIONS).bundle, 'DetectedIssue');
    expect(precautions.some((i) => i.severity === 'moderate')).toBe(true);
    const { bundle, assessment } = bundleFor(INCOMPLETE);
    expect(assessment.disposition).toBe('incomplete');
    const unresolved = resources<DetectedIssue>(bundle, 'DetectedIssue').filter((i) =>
      i.extension?.some((e) => e.url === EXTENSIONS.reviewNeeded),
    );
    expect(unresolved).toHaveLength(assessment.unresolved.length);
    expect(unresolved.every((i) => i.status === 'preliminary' && i.severity === 'high')).toBe(true);
    expect(unresolved[0]?.detail).toContain('neuro_symptoms');
  });

  it('gives the same bundle for the same input, and uses the id source it is given', () => {
    const assessment = assess(kb, BENIGN, { assessedAt: AT });
    expect(assessmentBundle(kb, assessment)).toEqual(assessmentBundle(kb, assessment));
    let n = 0;
    const ids = assessmentBundle(kb, assessment, {
      newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    });
    expect(ids.entry?.[0]?.fullUrl).toBe('urn:uuid:00000000-0000-4000-8000-000000000001');
  });

  it('accepts timestamps without seconds by writing them as FHIR instants', () => {
    const bundle = assessmentBundle(kb, assess(kb, BENIGN, { assessedAt: '2026-11-25T10:00+01:00' }));
    fhir.expectValid(bundle);
    expect(bundle.timestamp).toBe('2026-11-25T09:00:00.000Z');
  });
});

describe('capabilityStatement and operationOutcome', () => {
  it('are valid', () => {
    const statement = capabilityStatement('https://clinic.example/fhir', kb);
    fhir.expectValid(statement);
    expect(statement.rest?.[0]?.resource?.map((r) => r.type)).toEqual([
      'Questionnaire',
      'CodeSystem',
      'ValueSet',
      'OperationDefinition',
      'StructureDefinition',
      'Patient',
    ]);
    fhir.expectValid(operationOutcome([]));
    fhir.expectValid(operationOutcome([issue('not-found', 'no such item', 'QuestionnaireResponse.item[0]')]));
  });
});
