/** Public, stateless routes: health, the questionnaire, the knowledge base and a stateless assessment. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { KnowledgeBase, Lang } from '../../core/index.js';
import { isReviewed, screen } from '../../core/index.js';
import type { AppDeps } from '../deps.js';
import { AssessmentQuery, assessmentForm, assessmentView, fullDetailLink } from '../http/assessment-form.js';
import { problems } from '../http/problem.js';
import { AnswersSchema, AssessmentViewSchema } from '../schemas/assessment.js';
import { Lang as LangSchema, ProblemSchema, Timestamp } from '../schemas/common.js';
import { KnowledgeSchema, QuestionnaireSchema, RuleSchema } from '../schemas/knowledge.js';

const PUBLIC = { access: 'public' } as const;
/**
 * The knowledge views are large and their response schemas leave each item open: V8's JSON.stringify sends
 * them whole (a compiled serializer would drop what the schema does not list).
 */
const stringify = () => (data: unknown) => JSON.stringify(data);

export function questionnaireView(kb: KnowledgeBase, lang: Lang | undefined) {
  const text = (t: { en: string; fr: string }) => (lang === undefined ? t : t[lang]);
  return {
    kb: { id: kb.meta.id, version: kb.meta.version, hash: kb.hash },
    lang: lang ?? null,
    sections: kb.sections.map((s) => ({ id: s.id, title: text(s.title) })),
    questions: kb.questions.map((q) => ({
      id: q.id,
      section: q.section,
      type: q.type,
      audience: q.audience,
      context: q.context === true,
      redFlag: q.redFlag,
      allowUnknown: q.allowUnknown,
      text: text(q.text),
      clinicianLabel: text(q.clinicianLabel),
      ...(q.help === undefined ? {} : { help: text(q.help) }),
      ...(q.options === undefined
        ? {}
        : {
            options: q.options.map((o) => ({
              id: o.id,
              text: text(o.text),
              exclusive: o.exclusive === true,
            })),
          }),
      ...(q.min === undefined ? {} : { min: q.min }),
      ...(q.max === undefined ? {} : { max: q.max }),
      ...(q.unit === undefined ? {} : { unit: text(q.unit) }),
      ...(q.enableWhen === undefined ? {} : { enableWhen: q.enableWhen }),
    })),
  };
}

export function ruleView(r: KnowledgeBase['rules'][number]) {
  return {
    id: r.id,
    version: r.version,
    title: r.title,
    covers: r.covers,
    disposition: r.disposition,
    when: r.when,
    onUnknown: r.onUnknown,
    techniques: r.techniques,
    precautions: r.precautions ?? [],
    referral: r.referral ?? null,
    evidence: r.evidence,
    citations: r.citations,
    instrument: r.instrument ?? null,
    endorsedBy: r.endorsedBy ?? null,
    rationale: r.rationale,
    notes: r.notes ?? null,
    review: r.review,
    reviewed: isReviewed(r),
    reviews: r.reviews ?? [],
    changelog: r.changelog ?? [],
    client: r.client,
    clinician: r.clinician,
    vectors: r.vectors,
  };
}

export function knowledgeView(kb: KnowledgeBase) {
  return {
    meta: kb.meta,
    hash: kb.hash,
    rules: kb.rules.map(ruleView),
    techniques: kb.techniques,
    sites: kb.sites,
    precautions: kb.precautions,
    professions: kb.professions,
    complications: kb.complications,
    indications: kb.indications,
    alternatives: kb.alternatives,
    citations: kb.citations,
  };
}

export function publicRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/healthz',
    {
      config: PUBLIC,
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' }),
  );

  const readyz = {
    config: PUBLIC,
    schema: {
      tags: ['operations'],
      summary: 'Readiness: the database can be reached and written (503 with Retry-After otherwise)',
      response: { 200: Type.Object({ status: Type.Literal('ready'), kb: Type.String() }) },
    },
  };
  app.get('/readyz', readyz, async (request) => {
    try {
      await app.databaseHealth.check();
    } catch (error) {
      app.databaseHealth.markFailing();
      request.log.warn({ err: error }, 'not ready: the database cannot be reached or written');
      throw problems.databaseUnavailable();
    }
    return { status: 'ready', kb: deps.kb.meta.version };
  });

  app.get(
    '/api/v1/questionnaire',
    {
      config: PUBLIC,
      schema: {
        tags: ['knowledge'],
        summary: 'The questions, sections and branching, for clients that render their own forms',
        querystring: Type.Object({ lang: Type.Optional(LangSchema) }, { additionalProperties: false }),
        response: { 200: QuestionnaireSchema },
      },
      serializerCompiler: stringify,
    },
    async (request) => questionnaireView(deps.kb, (request.query as { lang?: Lang }).lang),
  );

  app.get(
    '/api/v1/knowledge',
    {
      config: PUBLIC,
      schema: {
        tags: ['knowledge'],
        summary: 'The whole knowledge base: rules, citations, techniques…',
        response: { 200: KnowledgeSchema },
      },
      serializerCompiler: stringify,
    },
    async () => knowledgeView(deps.kb),
  );

  app.get(
    '/api/v1/knowledge/rules/:ruleId',
    {
      config: PUBLIC,
      schema: {
        tags: ['knowledge'],
        summary: 'One rule in full: condition, effects, citations, review and test vectors',
        params: Type.Object({ ruleId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: RuleSchema, 404: ProblemSchema },
      },
      serializerCompiler: stringify,
    },
    async (request) => {
      const { ruleId } = request.params as { ruleId: string };
      const rule = deps.kb.index.rule.get(ruleId);
      if (rule === undefined) throw problems.notFound(`rule "${ruleId}"`);
      return ruleView(rule);
    },
  );

  app.post(
    '/api/v1/assess',
    {
      config: { ...PUBLIC, rateLimit: { max: deps.config.assessPerMinute, timeWindow: '1 minute' } },
      // V8's JSON.stringify serialises both forms faster than a compiled serializer (about 8 µs against
      // 11 µs for the compact view, 35 µs against 50 µs for the full one; ADR 0018), while the schema
      // still documents the response in OpenAPI.
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
      schema: {
        tags: ['screening'],
        summary: 'Assess answers (stateless: nothing is stored)',
        description:
          "Returns a compact assessment in one language by default (`lang`, else Accept-Language): the client's words, rules, citations and questions by id. `detail=full` returns the full assessment, every text in English and French.",
        querystring: Type.Object(AssessmentQuery, { additionalProperties: false }),
        body: Type.Object(
          { answers: AnswersSchema, assessedAt: Type.Optional(Timestamp) },
          { additionalProperties: false },
        ),
        response: { 200: AssessmentViewSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const form = assessmentForm(request, reply);
      const body = request.body as { answers: unknown; assessedAt?: string };
      const result = screen(deps.kb, body.answers, {
        assessedAt: body.assessedAt ?? deps.now().toISOString(),
      });
      if (!result.ok) {
        throw problems.invalidAnswers(
          result.errors.map((e) => ({
            path: `answers.${e.questionId ?? ''}`,
            message: e.message,
            code: e.code,
          })),
        );
      }
      return assessmentView(reply, deps.kb, result.value, form, {
        audience: 'client',
        full: fullDetailLink(request),
      });
    },
  );
}
