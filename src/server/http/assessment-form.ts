/**
 * Which form of an assessment a response carries (ADR 0018): compact in one language by default, the full
 * Assessment with `?detail=full`. The language comes from `?lang`, else Accept-Language, else English;
 * the response says which in Content-Language and varies on Accept-Language.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Assessment, KnowledgeBase, Lang } from '../../core/index.js';
import { LANGS } from '../../core/index.js';
import type { Audience, CompactAssessment, FullDetailLink } from '../../report/index.js';
import { compactAssessment } from '../../report/index.js';
import { requestLang } from './lang.js';

export const DETAILS = ['compact', 'full'] as const;
export type Detail = (typeof DETAILS)[number];

/** The query parameters of every route that returns an assessment. */
export const AssessmentQuery = {
  lang: Type.Optional(
    Type.Enum(LANGS, {
      description: 'The language of the compact view; by default from Accept-Language, else English',
    }),
  ),
  detail: Type.Optional(
    Type.Enum(DETAILS, {
      description:
        '`compact` (the default): one language, rules, citations and questions by id; `full`: the whole assessment in English and French, with traces and citations',
    }),
  ),
};

export interface AssessmentForm {
  readonly lang: Lang;
  readonly detail: Detail;
}

/** Appends to Vary rather than replacing what other hooks set (Origin, Accept-Encoding). */
export function addVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const fields = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.some((f) => f === '*' || f.toLowerCase() === field.toLowerCase())) return;
  reply.header('vary', [...fields, field].join(', '));
}

/** Reads the form asked for and states it in the response headers. */
export function assessmentForm(request: FastifyRequest, reply: FastifyReply): AssessmentForm {
  const query = request.query as { lang?: Lang; detail?: Detail };
  const form: AssessmentForm = {
    lang: query.lang ?? requestLang(request),
    detail: query.detail ?? 'compact',
  };
  addVary(reply, 'Accept-Language');
  reply.header('content-language', form.detail === 'full' ? LANGS.join(', ') : form.lang);
  return form;
}

/** The same request asking for the full assessment. */
export function fullDetailLink(request: FastifyRequest): FullDetailLink {
  const [path = '', query = ''] = request.url.split('?');
  const params = new URLSearchParams(query);
  params.delete('lang');
  params.set('detail', 'full');
  return { method: request.method === 'POST' ? 'POST' : 'GET', href: `${path}?${params.toString()}` };
}

/** The assessment in the form asked for; Content-Language says which language(s) it is in. */
export function assessmentView(
  reply: FastifyReply,
  kb: KnowledgeBase,
  assessment: Assessment,
  form: AssessmentForm,
  options: { readonly audience: Audience; readonly full: FullDetailLink | null },
): Assessment | CompactAssessment {
  reply.header('content-language', form.detail === 'full' ? LANGS.join(', ') : form.lang);
  if (form.detail === 'full') return assessment;
  return compactAssessment(kb, assessment, { lang: form.lang, ...options });
}
