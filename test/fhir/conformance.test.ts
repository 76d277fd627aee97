import { describe, expect, it } from 'vitest';
import { conformanceCatalogue } from '../../src/fhir/conformance/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { loadFhirValidator } from './helpers/validate.js';

const fhir = loadFhirValidator();

describe('probe', () => {
  it('validates', async () => {
    const kb = await loadKb();
    const c = conformanceCatalogue(kb);
    const out = c.all
      .map((r) => ({ id: `${r.resourceType}/${r.id}`, ...fhir.problems(r) }))
      .filter((p) => p.schema.length + p.invariants.length > 0);
    console.log(JSON.stringify(out.slice(0, 6), null, 1).slice(0, 6000));
    expect(out).toEqual([]);
  });
});
