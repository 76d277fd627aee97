/**
 * A clinic's sign-off of the knowledge base's rules (ADR 0019): its clinical lead approves a rule's current
 * version, or asks for changes, with a comment; every sign-off is kept, a new one supersedes the last.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { currentSignoffs, signoffState } from '../../clinic/index.js';
import { StoreConstraintError } from '../../store/errors.js';
import type { RuleSignoff, SignoffVerdict, User } from '../../store/types.js';
import { SIGNOFF_VERDICTS } from '../../store/types.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { ProblemError, problems } from '../http/problem.js';
import { ProblemSchema, Timestamp } from '../schemas/common.js';

const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SignoffSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleVersion: Type.Integer({ minimum: 1 }),
  kbHash: Type.String(),
  userId: Type.String(),
  /** The signer's name today (null if the account is gone). */
  signerName: Nullable(Type.String()),
  verdict: Type.Enum(SIGNOFF_VERDICTS),
  comment: Type.String(),
  signedAt: Timestamp,
  supersedes: Nullable(Type.String()),
});

const RuleStateSchema = Type.Object({
  ruleId: Type.String(),
  /** The rule's version in the knowledge base the server runs. */
  version: Type.Integer({ minimum: 1 }),
  state: Type.Enum(['approved', 'changes_requested', 'unsigned', 'outdated'], {
    description:
      'approved / changes_requested: signed in the current version; outdated: an older version was signed (sign again); unsigned: never signed by this clinic',
  }),
  current: Nullable(SignoffSchema),
});

const signoffView = (s: RuleSignoff, names: ReadonlyMap<string, string>) => ({
  id: s.id,
  ruleId: s.ruleId,
  ruleVersion: s.ruleVersion,
  kbHash: s.kbHash,
  userId: s.userId,
  signerName: names.get(s.userId) ?? null,
  verdict: s.verdict,
  comment: s.comment,
  signedAt: s.signedAt,
  supersedes: s.supersedes,
});

const namesOf = (users: readonly User[]): Map<string, string> => new Map(users.map((u) => [u.id, u.name]));

export function ruleSignoffRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/rule-signoffs',
    {
      config: { permission: 'rule-signoffs.read' },
      schema: {
        tags: ['knowledge'],
        summary:
          "The clinic's sign-offs of the knowledge base's rules: where it stands on each rule of the running version, and every sign-off, oldest first",
        response: {
          200: Type.Object({
            kb: Type.Object({ version: Type.String(), hash: Type.String() }),
            rules: Type.Array(RuleStateSchema),
            signoffs: Type.Array(SignoffSchema),
          }),
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const [signoffs, users] = await Promise.all([
        deps.store.ruleSignoffs.list(auth.clinicId),
        deps.store.users.list(auth.clinicId),
      ]);
      const names = namesOf(users);
      const current = currentSignoffs(signoffs);
      return {
        kb: { version: deps.kb.meta.version, hash: deps.kb.hash },
        rules: deps.kb.rules.map((r) => {
          const c = current.get(r.id);
          return {
            ruleId: r.id,
            version: r.version,
            state: signoffState(r, c),
            current: c === undefined ? null : signoffView(c, names),
          };
        }),
        signoffs: signoffs.map((s) => signoffView(s, names)),
      };
    },
  );

  app.post(
    '/api/v1/rule-signoffs',
    {
      config: { permission: 'rule-signoffs.create' },
      schema: {
        tags: ['knowledge'],
        summary:
          "Sign a rule's current version for the clinic (its clinical lead only, in a session): approve it, or ask for changes; supersedes the clinic's last sign-off of the rule",
        body: Type.Object(
          {
            ruleId: Type.String({ minLength: 1, maxLength: 64 }),
            ruleVersion: Type.Integer({ minimum: 1 }),
            verdict: Type.Enum(SIGNOFF_VERDICTS),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: SignoffSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      // A signature is a person's: an integration's API token cannot sign, even its owner's.
      if (auth.kind === 'token')
        throw problems.forbidden('Rules are signed in a session, not with an API token.');
      const me = await deps.store.users.get(auth.clinicId, auth.userId);
      if (me === undefined || !me.clinicalLead || me.role !== 'practitioner')
        throw problems.forbidden("Only the clinic's clinical lead signs rules.");
      const body = request.body as {
        ruleId: string;
        ruleVersion: number;
        verdict: SignoffVerdict;
        comment?: string;
      };
      const rule = deps.kb.index.rule.get(body.ruleId);
      if (rule === undefined) throw problems.notFound('rule');
      if (rule.version !== body.ruleVersion)
        throw new ProblemError(
          'rule_version_not_current',
          `Rule ${rule.id} is at version ${rule.version} in the knowledge base this server runs; only that version can be signed.`,
          [{ path: 'body.ruleVersion', message: `must be ${rule.version}` }],
        );
      const signed = await deps.store
        .transaction(async (tx) => {
          const previous = currentSignoffs(await tx.ruleSignoffs.list(auth.clinicId, rule.id)).get(rule.id);
          const created = await tx.ruleSignoffs.create({
            clinicId: auth.clinicId,
            ruleId: rule.id,
            ruleVersion: rule.version,
            kbHash: deps.kb.hash,
            userId: auth.userId,
            verdict: body.verdict,
            comment: (body.comment ?? '').trim(),
            signedAt: deps.now().toISOString(),
            supersedes: previous?.id ?? null,
          });
          await audit(
            deps,
            request,
            { action: `rule.signoff.${body.verdict}`, resourceType: 'rule_signoff', resourceId: created.id },
            tx,
          );
          return created;
        })
        .catch((error: unknown) => {
          if (error instanceof StoreConstraintError && error.kind === 'unique')
            throw problems.conflict('Someone signed this rule at the same moment; reload and sign again.');
          throw error;
        });
      return reply.status(201).send(signoffView(signed, new Map([[me.id, me.name]])));
    },
  );
}
