import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AskQuestion, PromptReply, PromptRequest } from '../../src/cli/interactive/loop.js';
import { runInteractive } from '../../src/cli/interactive/loop.js';
import { inquirerPrompter } from '../../src/cli/interactive/prompter.js';
import type { Answers, AnswerValue, KnowledgeBase } from '../../src/core/index.js';
import { UNKNOWN_ANSWER } from '../../src/core/index.js';
import { kb as loadKb } from '../helpers/kb.js';
import { ROOT } from './run-cli.js';

let kb: KnowledgeBase;
let benign: Answers;
beforeAll(async () => {
  kb = await loadKb();
  benign = JSON.parse(await readFile(join(ROOT, 'examples', 'benign-desk-worker.json'), 'utf8')) as Answers;
});

const answer = (value: AnswerValue): PromptReply => ({ kind: 'answer', value });
const BACK: PromptReply = { kind: 'back' };

/**
 * A prompter that plays a script: each step names the question it expects and the reply to give. Once the
 * script is used up it answers from `fallback` (a complete answer set). Every request is recorded.
 */
function scripted(
  script: readonly { readonly expect: string; readonly reply: PromptReply }[],
  fallback: Answers = {},
): { ask: AskQuestion; requests: PromptRequest[] } {
  const requests: PromptRequest[] = [];
  let next = 0;
  const ask: AskQuestion = async (request) => {
    requests.push(request);
    const step = script[next];
    if (step !== undefined) {
      next++;
      expect(request.question.id).toBe(step.expect);
      return step.reply;
    }
    const value = fallback[request.question.id];
    if (value === undefined) throw new Error(`the script has no answer for "${request.question.id}"`);
    return answer(value);
  };
  return { ask, requests };
}

describe('interactive screening loop', () => {
  it('asks every applicable question once, one section at a time, and completes', async () => {
    const { ask, requests } = scripted([], benign);
    const { answers, step } = await runInteractive(kb, 'en', ask);
    expect(step.status).toBe('complete');
    expect(answers).toEqual(benign);
    const asked = requests.map((r) => r.question.id);
    expect(new Set(asked).size).toBe(asked.length);
    // Progress counts up, and each section's title is shown once, on its first question.
    expect(requests.map((r) => r.progress.answered)).toEqual(asked.map((_, i) => i));
    const shown = requests.filter((r) => r.newSection).map((r) => r.section.id);
    expect(new Set(shown).size).toBe(shown.length);
    expect(requests[0]?.canGoBack).toBe(false);
    expect(requests[1]?.canGoBack).toBe(true);
  });

  it('stops at once when an answer calls for emergency care', async () => {
    const { ask, requests } = scripted([
      { expect: 'respondent', reply: answer('client') },
      { expect: 'moment', reply: answer('first_treatment') },
      { expect: 'neuro_symptoms', reply: answer(['speech']) },
    ]);
    const { answers, step } = await runInteractive(kb, 'en', ask);
    expect(step.status).toBe('emergency');
    expect(requests).toHaveLength(3);
    expect(answers).toEqual({ respondent: 'client', moment: 'first_treatment', neuro_symptoms: ['speech'] });
    expect(step.status === 'emergency' && step.assessment.findings.map((f) => f.ruleId)).toContain('E1');
  });

  it('"Back" removes the previous answer and asks that question again', async () => {
    const { ask, requests } = scripted(
      [
        { expect: 'respondent', reply: answer('client') },
        { expect: 'moment', reply: answer('after_event') },
        { expect: 'event_type', reply: BACK },
        { expect: 'moment', reply: BACK },
        { expect: 'respondent', reply: answer('client') },
        { expect: 'moment', reply: answer('first_treatment') },
      ],
      benign,
    );
    const { answers, step } = await runInteractive(kb, 'en', ask);
    expect(step.status).toBe('complete');
    expect(answers.moment).toBe('first_treatment');
    // The branch opened by "after_event" is gone with the answer that opened it.
    expect(answers.event_type).toBeUndefined();
    expect(requests[4]?.canGoBack).toBe(false);
    expect(requests[2]?.newSection).toBe(true);
  });

  it('records "I don\'t know" and does not ask the questions that depend on it', async () => {
    const { ask, requests } = scripted(
      [
        { expect: 'respondent', reply: answer('client') },
        { expect: 'moment', reply: answer('first_treatment') },
        { expect: 'neuro_symptoms', reply: answer(['none']) },
        { expect: 'eye_droop', reply: answer(false) },
        { expect: 'headache', reply: answer(UNKNOWN_ANSWER) },
      ],
      benign,
    );
    const { answers, step } = await runInteractive(kb, 'en', ask);
    expect(answers.headache).toBe(UNKNOWN_ANSWER);
    expect(requests.map((r) => r.question.id)).not.toContain('headache_thunderclap');
    // A red flag that could not be ruled out leaves the screening incomplete, never reassuring.
    expect(step.status === 'complete' && step.assessment.disposition).toBe('incomplete');
  });

  it('refuses a reply that does not fit the question', async () => {
    const { ask } = scripted([{ expect: 'respondent', reply: answer('somebody') }]);
    await expect(runInteractive(kb, 'en', ask)).rejects.toThrow(/respondent/);
  });
});

describe('terminal prompter', () => {
  const ENTER = '\r';
  const DOWN = '\u001b[B';
  const SPACE = ' ';

  /** Asks one question through @inquirer/prompts on in-memory streams, typing `keys`. */
  async function type(
    questionId: string,
    keys: readonly string[],
    canGoBack = true,
    lang: 'en' | 'fr' = 'en',
  ) {
    const input = new PassThrough();
    let screen = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        screen += chunk.toString();
        callback();
      },
    });
    const question = kb.index.question.get(questionId);
    const section = kb.sections.find((s) => s.id === question?.section);
    if (question === undefined || section === undefined) throw new Error(`no question ${questionId}`);
    const ask = inquirerPrompter({ input, output, color: false });
    const reply = ask({
      question,
      section,
      newSection: true,
      progress: { answered: 4, total: 30 },
      canGoBack,
      lang,
    });
    for (const key of keys) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      input.write(key);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's escape sequences
    return { reply: await reply, screen: screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') };
  }

  it('offers yes, no, "I don\'t know" and "Back", with the progress, in French', async () => {
    const { reply, screen } = await type('headache', [DOWN, DOWN, ENTER], true, 'fr');
    expect(reply).toEqual({ kind: 'answer', value: UNKNOWN_ANSWER });
    expect(screen).toContain('[4/30]');
    for (const label of ['Oui', 'Non', 'Je ne sais pas', '← Retour', "Signes d'alerte"]) {
      expect(screen).toContain(label);
    }
  });

  it('returns "back" when it is chosen', async () => {
    const { reply } = await type('headache', [DOWN, DOWN, DOWN, ENTER]);
    expect(reply).toEqual({ kind: 'back' });
  });

  it('ticks several options of a multiple-choice question', async () => {
    const { reply } = await type('medications', [SPACE, DOWN, SPACE, ENTER]);
    expect(reply).toEqual({ kind: 'answer', value: ['anticoagulant', 'antiplatelet'] });
  });

  it('will not combine "None of these" with another option', async () => {
    const none = kb.index.question.get('medications')?.options?.findIndex((o) => o.id === 'none') ?? -1;
    const toNone = Array.from({ length: none }, () => DOWN);
    const { reply, screen } = await type('medications', [SPACE, ...toNone, SPACE, ENTER, SPACE, ENTER]);
    expect(screen).toContain('"None of these" cannot be combined with other choices.');
    expect(reply).toEqual({ kind: 'answer', value: ['anticoagulant'] });
  });

  it('reads a number, and offers "I don\'t know" when the number is left empty', async () => {
    expect((await type('age', ['7', '4', ENTER])).reply).toEqual({ kind: 'answer', value: 74 });
    expect((await type('age', [ENTER, DOWN, ENTER])).reply).toEqual({
      kind: 'answer',
      value: UNKNOWN_ANSWER,
    });
  });
});
