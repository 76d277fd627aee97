/** The browser bundle of the knowledge base gives exactly the same assessments as the full loader. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, loadKnowledgeBundle, parseYamlSources, toKnowledgeBundle } from '../../src/core/index.js';
import { readKbSources } from '../../src/node/kb-files.js';
import { BENIGN } from '../helpers/answers.js';
import { answersArbitrary } from '../helpers/arbitraries.js';
import { kb as loadKb } from '../helpers/kb.js';

const full = await loadKb();
const { files } = parseYamlSources(await readKbSources());
const bundle = toKnowledgeBundle(full.hash, files);
const light = loadKnowledgeBundle(JSON.parse(JSON.stringify(bundle)));

describe('knowledge bundle for browsers', () => {
  it('keeps the hash of the full sources and drops the test vectors', () => {
    expect(light.hash).toBe(full.hash);
    expect(JSON.stringify(bundle)).not.toContain('"vectors":[{');
    expect(JSON.stringify(bundle).length).toBeLessThan(JSON.stringify(files.map((f) => f.data)).length);
  });

  it('assesses every answer set exactly as the full knowledge base does', () => {
    expect(assess(light, BENIGN, { assessedAt: 'T' })).toEqual(assess(full, BENIGN, { assessedAt: 'T' }));
    fc.assert(
      fc.property(answersArbitrary(full), (answers) => {
        expect(JSON.stringify(assess(light, answers))).toBe(JSON.stringify(assess(full, answers)));
      }),
      { numRuns: 1000 },
    );
  });
});
