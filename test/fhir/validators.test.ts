/**
 * The validators themselves: they must reject what the specification forbids, or every "valid" below would
 * prove nothing. Each case breaks one rule of the schema or one invariant.
 */
import type { Questionnaire, RiskAssessment } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();

const questionnaire = (items: Questionnaire['item']): Questionnaire => ({
  resourceType: 'Questionnaire',
  status: 'draft',
  item: items ?? [],
});

const risk: RiskAssessment = {
  resourceType: 'RiskAssessment',
  status: 'final',
  subject: { display: 'Someone' },
  prediction: [{ outcome: { text: 'harm' } }],
};

const invariantKeys = (resource: unknown): string[] => fhir.problems(resource).invariants.map((f) => f.key);

describe('the FHIR validators used by these tests', () => {
  it('load the official schema and definitions in reasonable time', () => {
    expect(fhir.timings.schemaCompileMs).toBeLessThan(10_000);
    expect(fhir.timings.invariantsLoadMs).toBeLessThan(10_000);
  });

  it('accept minimal valid resources', () => {
    fhir.expectValid(questionnaire([{ linkId: 'a', type: 'boolean', text: 'A?' }]));
    fhir.expectValid(risk);
  });

  it('reject unknown properties, wrong types and bad codes (schema)', () => {
    const schema = (r: unknown) =>
      fhir
        .problems(r)
        .schema.map((p) => p.message)
        .join('\n');
    expect(schema({ ...risk, foo: 1 })).toMatch(/additional properties.*foo/);
    expect(schema({ ...risk, status: 3 })).toMatch(/must be string/);
    expect(schema(questionnaire([{ linkId: 'a', type: 'question' as 'group' }]))).not.toBe('');
    expect(schema({ ...risk, occurrenceDateTime: '2026-11-25T10:00Z' })).toMatch(/pattern/);
    expect(
      schema({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { ...risk, bar: true } }] }),
    ).toMatch(/bar/);
  });

  it('catch broken invariants (FHIRPath), including in nested items and bundle entries', () => {
    expect(
      invariantKeys(
        questionnaire([
          { linkId: 'a', type: 'boolean' },
          { linkId: 'a', type: 'boolean' },
        ]),
      ),
    ).toContain('que-2');
    expect(invariantKeys(questionnaire([{ linkId: 'g', type: 'group' }]))).toContain('que-1');
    const nested = questionnaire([
      { linkId: 'g', type: 'group', item: [{ linkId: 'd', type: 'display', required: true }] },
    ]);
    expect(invariantKeys(nested)).toContain('que-6');
    const options = questionnaire([
      { linkId: 'b', type: 'boolean', answerOption: [{ valueString: 'x' }] },
      {
        linkId: 'c',
        type: 'choice',
        answerOption: [{ valueString: 'x' }],
        initial: [{ valueString: 'x' }],
        enableWhen: [{ question: 'b', operator: 'exists', answerString: 'yes' }],
      },
    ]);
    expect(invariantKeys(options)).toEqual(expect.arrayContaining(['que-5', 'que-11', 'que-7']));
    const tooLikely = { ...risk, prediction: [{ outcome: { text: 'harm' }, probabilityDecimal: 150 }] };
    expect(invariantKeys(tooLikely)).toContain('ras-2');
    expect(
      invariantKeys({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: tooLikely }] }),
    ).toContain('ras-2');
    expect(invariantKeys({ ...risk, method: {} })).toContain('ele-1');
    expect(
      invariantKeys({
        ...risk,
        extension: [{ url: 'http://x', valueString: 'a', extension: [{ url: 'y', valueCode: 'b' }] }],
      }),
    ).toContain('ext-1');
    expect(invariantKeys({ ...risk, subject: { reference: '#missing' } })).toContain('ref-1');
  });

  it('evaluate the element-definition patterns fhirpath.js needs rewritten (eld-16, eld-19)', () => {
    const extension = (element: Record<string, unknown>) => ({
      resourceType: 'StructureDefinition',
      url: 'https://x.example/StructureDefinition/x',
      name: 'X',
      status: 'draft',
      kind: 'complex-type',
      abstract: false,
      context: [{ type: 'element', expression: 'Patient' }],
      type: 'Extension',
      baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
      derivation: 'constraint',
      differential: { element: [{ id: 'Extension', path: 'Extension' }, element] },
    });
    const fine = extension({ id: 'Extension.extension:a', path: 'Extension.extension', sliceName: 'a' });
    expect(invariantKeys(fine)).toEqual([]);
    const badSlice = extension({
      id: 'Extension.extension:a b',
      path: 'Extension.extension',
      sliceName: 'a b',
    });
    expect(invariantKeys(badSlice)).toContain('eld-16');
    // FHIRPath's matches() is unanchored: only a path with no allowed character at all fails eld-19.
    expect(invariantKeys(extension({ id: 'x', path: '.:' }))).toContain('eld-19');
  });

  it('evaluate constraints at every node', () => {
    const before = fhir.evaluations();
    fhir.problems(questionnaire([{ linkId: 'a', type: 'boolean', text: 'A?' }]));
    expect(fhir.evaluations() - before).toBeGreaterThan(10);
  });
});
