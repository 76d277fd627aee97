/**
 * Cards asking for a screening: none on file, the last one expired, or the record shows risk factors the
 * last one did not include. Each links to the clinic app to send the intake, and suggests a FHIR Task the
 * EHR can create ("ask the client to complete a NeckCheck screening").
 */
import type { CardEnv } from './card-parts.js';
import { kbSource, link, overrideReasons } from './card-parts.js';
import type { CdsHook, PrefetchKey } from './constants.js';
import { TASK_CODE_SYSTEM } from './constants.js';
import { bullets, md, paragraphs, provenanceLines, section } from './detail.js';
import type { Provenance } from './record-answers.js';
import type { Card, Indicator } from './schemas.js';
import type { SummarySpec } from './summaries.js';
import { summaryOf } from './summaries.js';
import { PREFETCH_NAMES, T } from './texts.js';

export type Prompt =
  | { readonly kind: 'no_screening' }
  | { readonly kind: 'expired'; readonly date: string; readonly lastLine: string }
  | { readonly kind: 'new_risk'; readonly factors: readonly Provenance[] };

export interface PromptTarget {
  readonly hook: CdsHook;
  readonly patientId: string;
  /** The EHR system the patient id belongs to (how the clinic app links the client). */
  readonly ehrSystem: string;
  readonly linkedClientId: string | null;
  readonly notProvided: readonly PrefetchKey[];
  /** Extra lines for the detail (appointments concerned). */
  readonly notes: readonly string[];
}

/**
 * Where the clinic app lets staff send an intake: the linked client's page (which has "Send an intake
 * link"), or the new-client form, prefilled to link the new client to this patient.
 */
export function intakeUrl(env: CardEnv, target: PromptTarget): string {
  if (target.linkedClientId !== null)
    return `${env.publicUrl}/app/clients/${encodeURIComponent(target.linkedClientId)}`;
  const query = new URLSearchParams({ ehrSystem: target.ehrSystem, ehrPatientId: target.patientId });
  return `${env.publicUrl}/app/clients/new?${query.toString()}`;
}

function task(env: CardEnv, target: PromptTarget): Record<string, unknown> {
  const { lang } = env;
  return {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    priority: target.hook === 'appointment-book' ? 'asap' : 'routine',
    code: {
      coding: [{ system: TASK_CODE_SYSTEM, code: 'neckcheck-screening', display: T.taskSuggestion[lang] }],
      text: T.taskSuggestion[lang],
    },
    description: T.taskDescription[lang],
    for: { reference: `Patient/${target.patientId}` },
  };
}

function indicatorOf(prompt: Prompt, hook: CdsHook): Indicator {
  return hook === 'appointment-book' || prompt.kind === 'new_risk' ? 'warning' : 'info';
}

function specOf(prompt: Prompt): SummarySpec {
  switch (prompt.kind) {
    case 'no_screening':
      return { kind: 'no_screening' };
    case 'expired':
      return { kind: 'expired', date: prompt.date };
    case 'new_risk':
      return {
        kind: 'new_risk',
        count: new Set(prompt.factors.map((f) => `${f.questionId}:${f.optionId ?? ''}`)).size,
      };
  }
}

function body(prompt: Prompt, env: CardEnv): string {
  const { lang, kb } = env;
  switch (prompt.kind) {
    case 'no_screening':
      return paragraphs([
        md(T.noScreening[lang], 600),
        section(T.fromRecord[lang], provenanceLines(kb, env.record.provenance, lang)),
      ]);
    case 'expired':
      return paragraphs([
        md(T.expired[lang], 600),
        md(prompt.lastLine),
        section(T.fromRecord[lang], provenanceLines(kb, env.record.provenance, lang)),
      ]);
    case 'new_risk':
      return paragraphs([
        md(T.rescreen[lang], 600),
        section(T.newFactors[lang], provenanceLines(kb, prompt.factors, lang)),
      ]);
  }
}

export function promptCard(prompt: Prompt, env: CardEnv, target: PromptTarget): Card {
  const { lang } = env;
  const url = intakeUrl(env, target);
  const missing = target.notProvided.map((key) => md(PREFETCH_NAMES[key]?.[lang] ?? key));
  return {
    uuid: env.newUuid(),
    summary: summaryOf(specOf(prompt), lang),
    indicator: indicatorOf(prompt, target.hook),
    source: kbSource(env),
    detail: paragraphs([
      body(prompt, env),
      section(T.appointments[lang], bullets(target.notes)),
      section(T.notProvided[lang], bullets(missing)),
    ]),
    suggestions: [
      {
        label: T.taskSuggestion[lang],
        uuid: env.newUuid(),
        isRecommended: true,
        actions: [{ type: 'create', description: T.taskDescription[lang], resource: task(env, target) }],
      },
    ],
    selectionBehavior: 'at-most-one',
    overrideReasons: overrideReasons(env),
    links: [link(target.linkedClientId === null ? T.linkClient[lang] : T.sendIntake[lang], url)],
  };
}
