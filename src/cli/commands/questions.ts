/** `neckcheck questions`: the questionnaire, section by section, with its branching and red flags. */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Condition, KnowledgeBase, Lang, Question, SectionEntry } from '../../core/index.js';
import { block, conditionLines, conditionText } from '../../report/index.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { kbMessages } from '../kb-messages.js';
import { loadKb } from '../load-kb.js';
import { asLang, langOption, oneOf } from '../options.js';

const FORMATS = ['text', 'json'] as const;
const WIDTH = 100;

export function addQuestionsCommand(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  program
    .command('questions')
    .description('list the sections and questions: type, text, options, when they are asked, red flags')
    .addOption(langOption())
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .action(async (_options: unknown, command: Command) => {
      const opts = command.optsWithGlobals();
      const lang = asLang(opts.lang);
      const format = oneOf(FORMATS, opts.format, '--format');
      const { kb } = await loadKb(String(opts.kb));
      const output =
        format === 'json' ? JSON.stringify(questionsJson(kb, lang), null, 2) : questionsText(kb, lang);
      io.out(`${output}\n`);
      done(EXIT_CODES.proceed);
    });
}

function bySection(kb: KnowledgeBase): { section: SectionEntry; questions: Question[] }[] {
  return kb.sections
    .map((section) => ({ section, questions: kb.questions.filter((q) => q.section === section.id) }))
    .filter((s) => s.questions.length > 0);
}

function askedWhen(
  kb: KnowledgeBase,
  condition: Condition | undefined,
  lang: Lang,
  indent = '',
): string | undefined {
  if (condition === undefined) return undefined;
  return conditionText(conditionLines(kb, condition, lang), indent, indent === '' ? undefined : WIDTH);
}

export function questionsJson(kb: KnowledgeBase, lang: Lang): unknown {
  return {
    kb: { id: kb.meta.id, version: kb.meta.version, hash: kb.hash },
    lang,
    sections: bySection(kb).map(({ section, questions }) => ({
      id: section.id,
      title: section.title[lang],
      ...(section.intro === undefined ? {} : { intro: section.intro[lang] }),
      questions: questions.map((q) => ({
        id: q.id,
        type: q.type,
        audience: q.audience,
        text: q.text[lang],
        clinicianLabel: q.clinicianLabel[lang],
        ...(q.help === undefined ? {} : { help: q.help[lang] }),
        ...(q.options === undefined
          ? {}
          : {
              options: q.options.map((o) => ({
                id: o.id,
                text: o.text[lang],
                ...(o.exclusive === true ? { exclusive: true } : {}),
              })),
            }),
        ...(q.min === undefined ? {} : { min: q.min }),
        ...(q.max === undefined ? {} : { max: q.max }),
        ...(q.unit === undefined ? {} : { unit: q.unit[lang] }),
        allowUnknown: q.allowUnknown,
        redFlag: q.redFlag,
        ...(q.enableWhen === undefined
          ? {}
          : { enableWhen: { text: askedWhen(kb, q.enableWhen, lang), condition: q.enableWhen } }),
      })),
    })),
  };
}

export function questionsText(kb: KnowledgeBase, lang: Lang): string {
  const k = kbMessages(lang);
  const lines: string[] = [];
  for (const { section, questions } of bySection(kb)) {
    lines.push('', `== ${section.title[lang]} [${section.id}] ==`);
    if (section.intro !== undefined) lines.push(...block(section.intro[lang], WIDTH, ''));
    for (const q of questions) {
      const flags = [k.type[q.type], k.audience[q.audience], ...(q.redFlag ? [`⚑ ${k.redFlag}`] : [])];
      lines.push('', `  ${q.id} (${flags.join(', ')})`, ...block(q.text[lang], WIDTH, '    '));
      for (const o of q.options ?? []) {
        const note = o.exclusive === true ? ` (${k.exclusive})` : '';
        lines.push(...block(`${o.id}: ${o.text[lang]}${note}`, WIDTH, '        ', '      - '));
      }
      if (q.type === 'number') {
        const unit = q.unit === undefined ? '' : ` ${q.unit[lang]}`;
        lines.push(`    ${k.range}: ${q.min ?? '-∞'} – ${q.max ?? '∞'}${unit}`);
      }
      const when = askedWhen(kb, q.enableWhen, lang, '      ');
      if (when !== undefined) lines.push(`    ${k.askedWhen}:`, when);
      if (q.allowUnknown) lines.push(`    ${k.allowsUnknown}`);
    }
  }
  return lines.join('\n').trimStart();
}
