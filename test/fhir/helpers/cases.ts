/**
 * Clinical cases for the FHIR tests: the benign reference answers, the example files and every clinical
 * vignette (benign, precautions, referral, emergency, incomplete…), validated against the knowledge base.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Answers, KnowledgeBase } from '../../../src/core/index.js';
import { validateAnswers } from '../../../src/core/index.js';
import { BENIGN } from '../../helpers/answers.js';

export interface ClinicalCase {
  readonly name: string;
  readonly answers: Answers;
}

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

function checked(kb: KnowledgeBase, name: string, raw: unknown): ClinicalCase {
  const result = validateAnswers(kb, raw);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  return { name, answers: result.value };
}

export function exampleCases(kb: KnowledgeBase): ClinicalCase[] {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => checked(kb, `examples/${f}`, JSON.parse(readFileSync(join(dir, f), 'utf8'))));
}

export function vignetteCases(kb: KnowledgeBase): ClinicalCase[] {
  const dir = join(ROOT, 'test', 'vignettes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((file) =>
      (
        parse(readFileSync(join(dir, file), 'utf8')) as { vignettes: { id: string; answers: unknown }[] }
      ).vignettes.map((v) => checked(kb, `vignette ${v.id}`, v.answers)),
    );
}

export function allCases(kb: KnowledgeBase): ClinicalCase[] {
  return [{ name: 'BENIGN', answers: BENIGN }, ...exampleCases(kb), ...vignetteCases(kb)];
}
