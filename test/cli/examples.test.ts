import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/core/index.js';
import { nextQuestions, validateAnswers } from '../../src/core/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { ROOT } from './run-cli.js';

const NAMES = ['benign-desk-worker', 'anticoagulated-older-client', 'thunderclap-headache', 'post-trauma'];

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKb();
});

describe('example answer files', () => {
  for (const name of NAMES) {
    it(`examples/${name}.json is valid and answers every question that applies`, async () => {
      const raw: unknown = JSON.parse(await readFile(join(ROOT, 'examples', `${name}.json`), 'utf8'));
      const answers = validateAnswers(kb, raw);
      expect(answers.ok ? [] : answers.errors).toEqual([]);
      if (!answers.ok) return;
      const step = nextQuestions(kb, answers.value);
      if (step.status === 'ask')
        throw new Error(`still to answer: ${step.questions.map((q) => q.id).join(', ')}`);
      expect(step.progress.answered).toBe(step.progress.total);
      expect(step.assessment.unresolved).toEqual([]);
      expect(step.assessment.openQuestions).toEqual([]);
    });
  }
});
