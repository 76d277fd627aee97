/** `neckcheck kb lint`: checks the knowledge base and summarises it; every issue is listed on failure. */
import type { Command } from 'commander';
import type { BuildOutput, Rule } from '../../core/index.js';
import { block } from '../../report/index.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { loadKb } from '../load-kb.js';

export function addKbLintCommand(kb: Command, io: CliIo, done: (code: ExitCode) => void): void {
  kb.command('lint')
    .description(
      'check the knowledge base (schema, references, conditions, rule test vectors) and summarise it; exits 3 on any issue',
    )
    .action(async (_options: unknown, command: Command) => {
      const dir = String(command.optsWithGlobals().kb);
      io.out(`${lintSummary(dir, await loadKb(dir))}\n`);
      done(EXIT_CODES.proceed);
    });
}

export function lintSummary(dir: string, { kb, vectors }: BuildOutput): string {
  const passed = vectors.filter((v) => v.actual === v.expected).length;
  const lines = [
    `Knowledge base ${kb.meta.id} ${kb.meta.version} (${kb.meta.status}, released ${kb.meta.released})`,
    `  folder:     ${dir}`,
    `  hash:       ${kb.hash}`,
    `  sections:   ${kb.sections.length}`,
    `  questions:  ${kb.questions.length} (${kb.questions.filter((q) => q.redFlag).length} read by red-flag rules)`,
    `  rules:      ${kb.rules.length}`,
    `  citations:  ${kb.citations.length}`,
    `  techniques: ${kb.techniques.length}`,
    `  vectors:    ${passed}/${vectors.length} passed`,
    `  EHR record: ${kb.recordMapping.conditions.length} condition and ${kb.recordMapping.medications.length} medicine mappings (neckcheck kb show ehr)`,
    `  terminology: ${kb.terminology.questions.size} question, ${kb.terminology.units.size} unit, ${kb.terminology.options.size} option and ${kb.terminology.techniques.size} technique codes (terminology.yaml)`,
  ];
  const warnings = [
    ...reviewWarnings(kb.rules),
    ...evidenceWarnings(kb.rules),
    ...(kb.recordMapping.conditions.length + kb.recordMapping.medications.length === 0
      ? ['  - no EHR record mapping (recordMapping): the CDS Hooks services take no answer from the record']
      : []),
  ];
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings);
  lines.push('', 'No issues found.');
  return lines.join('\n');
}

function ruleList(rules: readonly Rule[]): string[] {
  return block(rules.map((r) => r.id).join(', '), 100, '      ');
}

function reviewWarnings(rules: readonly Rule[]): string[] {
  const byStatus = new Map<string, Rule[]>();
  for (const rule of rules) {
    if (rule.review.status === 'reviewed') continue;
    byStatus.set(rule.review.status, [...(byStatus.get(rule.review.status) ?? []), rule]);
  }
  return [...byStatus].flatMap(([status, list]) => [
    `  - ${list.length} rule(s) not reviewed (review.status: ${status}):`,
    ...ruleList(list),
  ]);
}

function evidenceWarnings(rules: readonly Rule[]): string[] {
  const unchecked = rules.filter((r) => r.evidence === 'G');
  if (unchecked.length === 0) return [];
  return [
    `  - ${unchecked.length} rule(s) rest on evidence G (from memory, not checked):`,
    ...ruleList(unchecked),
  ];
}
