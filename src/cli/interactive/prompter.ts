/** The questions in a terminal, with @inquirer/prompts: arrow keys for choices, space to tick boxes. */
import { checkbox, number, Separator, select } from '@inquirer/prompts';
import type { AnswerValue, Question } from '../../core/index.js';
import { UNKNOWN_ANSWER } from '../../core/index.js';
import type { Messages } from '../../report/index.js';
import { messages } from '../../report/index.js';
import type { AskQuestion, PromptReply, PromptRequest } from './loop.js';

export interface PrompterStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly color: boolean;
}

type Special = { readonly kind: 'unknown' } | { readonly kind: 'back' };
type Picked = { readonly kind: 'value'; readonly value: AnswerValue } | Special;

const answer = (value: AnswerValue): PromptReply => ({ kind: 'answer', value });

export function inquirerPrompter(streams: PrompterStreams): AskQuestion {
  const context = { input: streams.input, output: streams.output };
  const bold = (text: string): string => (streams.color ? `\u001b[1m${text}\u001b[0m` : text);
  const dim = (text: string): string => (streams.color ? `\u001b[2m${text}\u001b[0m` : text);

  const specials = (req: PromptRequest, m: Messages): { name: string; value: Special }[] => [
    ...(req.question.allowUnknown ? [{ name: m.answer.unknown, value: { kind: 'unknown' } as const }] : []),
    ...(req.canGoBack ? [{ name: m.prompt.back, value: { kind: 'back' } as const }] : []),
  ];

  const toReply = (picked: Picked): PromptReply => {
    if (picked.kind === 'back') return { kind: 'back' };
    return answer(picked.kind === 'unknown' ? UNKNOWN_ANSWER : picked.value);
  };

  const choose = async (req: PromptRequest, m: Messages, message: string): Promise<PromptReply> => {
    const q = req.question;
    const lang = req.lang;
    const options: { name: string; value: Picked }[] =
      q.type === 'boolean'
        ? [
            { name: m.answer.yes, value: { kind: 'value', value: true } },
            { name: m.answer.no, value: { kind: 'value', value: false } },
          ]
        : (q.options ?? []).map((o) => ({ name: o.text[lang], value: { kind: 'value', value: o.id } }));
    const extra = specials(req, m);
    const choices = extra.length > 0 ? [...options, new Separator(), ...extra] : options;
    return toReply(
      await select<Picked>({ message, choices, pageSize: 12, loop: false, theme: theme(m) }, context),
    );
  };

  const tick = async (req: PromptRequest, m: Messages, message: string): Promise<PromptReply> => {
    const q = req.question;
    const lang = req.lang;
    type Ticked = { readonly kind: 'option'; readonly id: string } | Special;
    const label = (t: Ticked): string =>
      t.kind === 'option'
        ? (q.options?.find((o) => o.id === t.id)?.text[lang] ?? t.id)
        : t.kind === 'back'
          ? m.prompt.back
          : m.answer.unknown;
    const options: { name: string; value: Ticked }[] = (q.options ?? []).map((o) => ({
      name: o.text[lang],
      value: { kind: 'option', id: o.id },
    }));
    const extra = specials(req, m);
    const picked = await checkbox<Ticked>(
      {
        message,
        choices: extra.length > 0 ? [...options, new Separator(), ...extra] : options,
        pageSize: 14,
        loop: false,
        theme: theme(m),
        // "a" (tick all) would tick every warning sign at once; ticking must be deliberate.
        shortcuts: { all: null, invert: null },
        validate: (selected) => {
          const values = selected.map((s) => s.value);
          if (values.length === 0) return m.prompt.chooseOne;
          const alone = values.find(
            (v) =>
              v.kind !== 'option' ||
              q.options?.find((o) => o.id === v.id && o.exclusive === true) !== undefined,
          );
          return alone !== undefined && values.length > 1 ? m.prompt.alone(label(alone)) : true;
        },
      },
      context,
    );
    const first = picked[0];
    if (first !== undefined && first.kind !== 'option') return toReply(first);
    return answer(picked.flatMap((p) => (p.kind === 'option' ? [p.id] : [])));
  };

  const type = async (req: PromptRequest, m: Messages, message: string): Promise<PromptReply> => {
    const q = req.question;
    const unit = q.unit?.[req.lang];
    const extra = specials(req, m);
    const hint = extra.length > 0 ? ` ${dim(`(${m.prompt.numberHint})`)}` : '';
    for (;;) {
      const value = await number(
        {
          message: `${message}${unit === undefined ? '' : ` [${unit}]`}${hint}`,
          required: extra.length === 0,
          step: 'any',
          validate: (v) => v === undefined || inRange(q, v) || rangeMessage(q, m),
        },
        context,
      );
      if (value !== undefined) return answer(value);
      const enter = { kind: 'enter' } as const;
      const next = await select<Special | typeof enter>(
        { message, choices: [{ name: m.prompt.enterNumber, value: enter }, ...extra], theme: theme(m) },
        context,
      );
      if (next.kind !== 'enter') return toReply(next);
    }
  };

  return async (req) => {
    const m = messages(req.lang);
    const { question: q, lang } = req;
    if (req.newSection) {
      streams.output.write(`\n${bold(req.section.title[lang])}\n`);
      if (req.section.intro !== undefined) streams.output.write(`${dim(req.section.intro[lang])}\n`);
    }
    if (q.help !== undefined) streams.output.write(`${dim(q.help[lang])}\n`);
    const message = `${m.prompt.progress(req.progress.answered, req.progress.total)} ${q.text[lang]}`;
    switch (q.type) {
      case 'boolean':
      case 'choice':
        return choose(req, m, message);
      case 'multi':
        return tick(req, m, message);
      case 'number':
        return type(req, m, message);
    }
  };
}

/** Key hints in the person's language. */
function theme(m: Messages): { style: { keysHelpTip: (keys: [string, string][]) => string } } {
  return {
    style: {
      keysHelpTip: (keys) =>
        keys.map(([key, action]) => `${key} ${m.prompt.keys[action] ?? action}`).join(' • '),
    },
  };
}

function inRange(q: Question, value: number): boolean {
  return (
    Number.isFinite(value) &&
    (q.min === undefined || value >= q.min) &&
    (q.max === undefined || value <= q.max)
  );
}

function rangeMessage(q: Question, m: Messages): string {
  return m.prompt.range(String(q.min ?? '-∞'), String(q.max ?? '∞'));
}

export function isPromptCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
