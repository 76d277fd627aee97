/**
 * Impact analysis in the workspace (admin only): the clinic's stored screenings re-assessed under the
 * running knowledge base and a shipped release, in either direction, counted by src/core/impact. A run is
 * started by POST and polled by GET (ADR 0019); one run per clinic at a time.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { KnowledgeBundle } from '../../core/index.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { problems } from '../http/problem.js';
import { ProblemSchema, Timestamp } from '../schemas/common.js';
import type { ImpactDirection, ImpactRunView } from '../services/impact-runs.js';
import { editionOf, ImpactRunConflict, ImpactRuns } from '../services/impact-runs.js';

const DIRECTIONS = ['release_to_current', 'current_to_release'] as const;
const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
  description: '`from→to` → number of screenings',
});
const EditionSchema = Type.Object({ version: Type.String(), hash: Type.String() });

const TallySchema = Type.Object({
  screenings: Type.Integer(),
  invalid: Type.Integer({ description: 'Answers one of the versions does not accept' }),
  narrowed: Type.Integer({
    description:
      'Compared on the questions both versions ask: answers to a question one version does not have were left out for it',
  }),
  unavailable: Type.Integer(),
  changed: Type.Integer(),
  dispositionChanged: Type.Integer(),
  techniqueChanged: Type.Integer(),
  dispositions: Counts,
  directions: Type.Object({ stricter: Type.Integer(), more_permissive: Type.Integer() }),
  techniques: Type.Record(Type.String(), Counts, { description: 'technique id → `from→to` → count' }),
  rules: Type.Record(
    Type.String(),
    Type.Object({
      added: Type.Integer(),
      removed: Type.Integer(),
      changed: Type.Integer(),
      dispositionChanged: Type.Integer(),
      techniqueChanged: Type.Integer(),
      dispositions: Counts,
    }),
    { description: 'rule id → the changed screenings it accounts for' },
  ),
  examples: Type.Array(Type.String(), { description: 'Ids of some changed screenings of this clinic' }),
});

export const ImpactRunSchema = Type.Object({
  id: Type.String(),
  state: Type.Enum(['running', 'done', 'failed', 'cancelled']),
  direction: Type.Enum(DIRECTIONS),
  from: EditionSchema,
  to: EditionSchema,
  startedAt: Timestamp,
  startedBy: Type.String({ description: 'The audit actor who started it' }),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  tally: Type.Union([TallySchema, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

export function impactRoutes(app: FastifyInstance, deps: AppDeps): void {
  const runs = new ImpactRuns(deps.store, deps.now, async (clinicId, view: ImpactRunView) => {
    await deps.store.audit.append({
      at: deps.now().toISOString(),
      clinicId,
      actor: view.startedBy,
      action: `kb.impact.${view.state}`,
      resourceType: 'kb_impact',
      resourceId: view.id,
      outcome: view.state === 'done' ? 'success' : 'failure',
      requestId: null,
      ip: null,
      record: null,
    });
  });
  app.addHook('onClose', () => runs.close());
  const current = deps.bundle;
  const releases = (): KnowledgeBundle[] =>
    (deps.releases ?? []).filter((r) => current === undefined || r.hash !== current.hash);

  app.get(
    '/api/v1/admin/impact',
    {
      config: { permission: 'kb.impact' },
      schema: {
        tags: ['admin'],
        summary:
          "What the clinic's impact analysis can compare (the running knowledge base and the shipped releases), and its latest run: progress, then the result",
        response: {
          200: Type.Object({
            current: Type.Union([EditionSchema, Type.Null()]),
            releases: Type.Array(EditionSchema),
            screenings: Type.Integer({ minimum: 0 }),
            run: Type.Union([ImpactRunSchema, Type.Null()]),
          }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      return {
        current: current === undefined ? null : editionOf(current),
        releases: releases().map(editionOf),
        screenings: await deps.store.screenings.countAnswers(auth.clinicId),
        run: runs.latest(auth.clinicId) ?? null,
      };
    },
  );

  app.post(
    '/api/v1/admin/impact',
    {
      config: { permission: 'kb.impact' },
      schema: {
        tags: ['admin'],
        summary:
          "Start re-assessing the clinic's stored screenings under a shipped release and the running knowledge base; poll GET /api/v1/admin/impact for progress (409 while a run is going)",
        body: Type.Object(
          {
            release: Type.String({ minLength: 1, maxLength: 32, description: 'A release version' }),
            direction: Type.Enum(DIRECTIONS),
          },
          { additionalProperties: false },
        ),
        response: {
          202: ImpactRunSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const body = request.body as { release: string; direction: ImpactDirection };
      if (current === undefined)
        throw problems.unavailable('This server runs without the knowledge bundle impact analysis needs.');
      const release = releases().find((r) => editionOf(r).version === body.release);
      if (release === undefined)
        throw problems.validation([
          {
            path: 'body.release',
            message: `no shipped release "${body.release}" to compare with; choose one of: ${
              releases()
                .map((r) => editionOf(r).version)
                .join(', ') || 'none'
            }`,
          },
        ]);
      const [from, to] = body.direction === 'release_to_current' ? [release, current] : [current, release];
      let view: ImpactRunView;
      try {
        view = await runs.start(auth.clinicId, {
          direction: body.direction,
          from,
          to,
          startedBy: auth.actor,
        });
      } catch (error) {
        if (error instanceof ImpactRunConflict)
          throw problems.conflict(
            'An impact analysis is already running for this clinic; wait for it to end.',
          );
        throw error;
      }
      await audit(deps, request, {
        action: 'kb.impact.start',
        resourceType: 'kb_impact',
        resourceId: view.id,
      });
      return reply.status(202).send(view);
    },
  );
}
