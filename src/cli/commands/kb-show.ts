/** `neckcheck kb show <RULE-ID>`: one rule in full, as a clinician reviewing the knowledge base reads it. */
import type { Command } from 'commander';
import type { KnowledgeBase, Lang, Rule } from '../../core/index.js';
import { validateAnswers } from '../../core/index.js';
import type { RecordMappingView } from '../../report/index.js';
import {
  block,
  citationView,
  conditionLines,
  conditionText,
  formatAnswer,
  messages,
  recordMappingMessages,
  recordMappingView,
} from '../../report/index.js';
import { CliError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { kbMessages } from '../kb-messages.js';
import { loadKb } from '../load-kb.js';
import { asLang, langOption } from '../options.js';
import { closeMatches } from '../suggest.js';

const WIDTH = 100;
/** Rule ids are upper case, so this lower-case word never hides a rule. */
const EHR = 'ehr';

export function addKbShowCommand(kb: Command, io: CliIo, done: (code: ExitCode) => void): void {
  kb.command('show')
    .description(
      'print one rule: condition, effects, rationale, citations and test vectors; "ehr": the EHR record mapping',
    )
    .argument(
      '<rule-id>',
      'rule identifier, e.g. E1 or P4, or "ehr" for which record codes answer which question',
    )
    .addOption(langOption())
    .action(async (ruleId: string, _options: unknown, command: Command) => {
      const opts = command.optsWithGlobals();
      const lang = asLang(opts.lang);
      const { kb: base } = await loadKb(String(opts.kb));
      if (ruleId === EHR) {
        io.out(`${showRecordMapping(base, lang)}\n`);
        done(EXIT_CODES.proceed);
        return;
      }
      const rule = findRule(base, ruleId);
      io.out(`${showRule(base, rule, lang)}\n`);
      done(EXIT_CODES.proceed);
    });
}

function findRule(kb: KnowledgeBase, ruleId: string): Rule {
  const exact = kb.index.rule.get(ruleId) ?? kb.index.rule.get(ruleId.toUpperCase());
  if (exact !== undefined) return exact;
  const close = closeMatches(ruleId, kb.index.rule.keys());
  const hint =
    close.length > 0 ? ` Did you mean: ${close.join(', ')}?` : ' Run `neckcheck kb lint` to list the rules.';
  throw new CliError(`there is no rule "${ruleId}".${hint}`);
}

export function showRule(kb: KnowledgeBase, rule: Rule, lang: Lang): string {
  const m = messages(lang);
  const k = kbMessages(lang);
  const section = (title: string, body: readonly string[]): string[] =>
    body.length === 0 ? [] : ['', title, ...body];
  const para = (text: string): string[] => block(text, WIDTH, '  ');
  const items = (list: readonly string[]): string[] => list.flatMap((i) => block(i, WIDTH, '    ', '  - '));
  const name = (map: ReadonlyMap<string, { name: Readonly<Record<Lang, string>> }>, id: string): string =>
    map.get(id)?.name[lang] ?? id;

  const techniques = Object.entries(rule.techniques).map(
    ([id, decision]) => `${name(kb.index.technique, id)}: ${m.decision[decision].label}`,
  );
  const precautions = (rule.precautions ?? []).map((id) => kb.index.precaution.get(id)?.text[lang] ?? id);
  const effects = [
    ...(techniques.length > 0 ? [`  ${k.techniques}:`, ...items(techniques).map((l) => `  ${l}`)] : []),
    ...(precautions.length > 0 ? [`  ${k.precautions}:`, ...items(precautions).map((l) => `  ${l}`)] : []),
    ...(rule.referral === undefined
      ? []
      : [
          `  ${k.referral}: ${name(kb.index.referralTarget, rule.referral.to)}: ${m.urgency[rule.referral.urgency].label}`,
        ]),
    ...list(
      k.alternatives,
      (rule.alternatives ?? []).map((id) => name(kb.index.alternative, id)),
    ),
    ...list(
      k.complications,
      (rule.complications ?? []).map((id) => name(kb.index.complication, id)),
    ),
  ];
  const citations = rule.sources.map((c) => {
    const v = citationView(c);
    return [
      v.full,
      ...v.identifiers,
      ...(v.href === undefined || v.identifiers.includes(v.href) ? [] : [v.href]),
    ].join(' ');
  });
  const review = [rule.review.status, rule.review.author, rule.review.reviewer, rule.review.date]
    .filter((x) => x !== undefined && x !== '')
    .join(', ');
  return [
    `${rule.id} v${rule.version}: ${rule.title[lang]}`,
    `  ${k.disposition}: ${m.disposition[rule.disposition].label}`,
    `  ${k.covers}: ${rule.covers.join(', ') || k.none}`,
    `  ${k.evidence}: ${m.evidence[rule.evidence].label} (${m.evidence[rule.evidence].explain})`,
    `  ${k.review}: ${review}`,
    ...section(k.when, [conditionText(conditionLines(kb, rule.when, lang), '  ', WIDTH)]),
    ...section(k.onUnknown, para(rule.onUnknown === 'review' ? k.onUnknownReview : k.onUnknownApply)),
    ...section(k.effects, effects),
    ...section(k.rationale, para(rule.rationale)),
    ...section(k.notes, rule.notes === undefined ? [] : para(rule.notes)),
    ...section(k.clientMessage, para(rule.client[lang])),
    ...section(k.clinicianMessage, para(rule.clinician[lang])),
    ...section(k.citations, items(citations)),
    ...section(k.vectors, vectors(kb, rule, lang)),
  ].join('\n');
}

function list(title: string, entries: readonly string[]): string[] {
  return entries.length === 0 ? [] : [`  ${title}: ${entries.join('; ')}`];
}

function vectors(kb: KnowledgeBase, rule: Rule, lang: Lang): string[] {
  const k = kbMessages(lang);
  return rule.vectors.flatMap((v) => {
    const expected = v.expect === true ? 'true' : v.expect === false ? 'false' : 'unknown';
    const head = `  - ${v.name}: ${k.expects(k.result[expected])}`;
    const answers = validateAnswers(kb, v.answers);
    if (!answers.ok) return [head, `      ${JSON.stringify(v.answers)}`];
    const lines = Object.entries(answers.value).map(([id, value]) => {
      const label = kb.index.question.get(id)?.clinicianLabel[lang] ?? id;
      return `${label} [${id}] → ${formatAnswer(kb, id, value, lang)}`;
    });
    return [head, ...lines.flatMap((l) => block(l, WIDTH, '        ', '      '))];
  });
}

/** `kb show ehr`: which record codes and words answer which question, with the thresholds. */
export function showRecordMapping(kb: KnowledgeBase, lang: Lang): string {
  const m = recordMappingMessages(lang);
  const view = recordMappingView(kb, lang);
  if (view.empty) return `${m.title}\n\n${m.none}`;
  const rows = (title: string, list: RecordMappingView['conditions']): string[] =>
    list.length === 0
      ? []
      : [
          '',
          title,
          ...list.flatMap((row) => [
            ...(row.answers.length > 0 ? row.answers : [row.id]).flatMap((a) =>
              block(a, WIDTH, '      ', '  '),
            ),
            ...[...row.evidence, ...row.limits].flatMap((l) => block(l, WIDTH, '        ', '      ')),
          ]),
        ];
  return [
    m.title,
    ...block(m.intro, WIDTH, '  ', '  '),
    ...rows(m.conditions, view.conditions),
    ...rows(m.medications, view.medications),
    ...rows(m.patient, view.patient),
    ...rows(m.appointments, view.appointments),
    '',
    `${m.negations}:`,
    ...block(view.negations, WIDTH, '  ', '  '),
    '',
    `${m.sources}:`,
    ...view.sources.flatMap((s) => block(s, WIDTH, '    ', '  - ')),
  ].join('\n');
}
