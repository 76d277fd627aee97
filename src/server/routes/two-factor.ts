/**
 * TOTP two-factor for staff: the login's second step, enrolment (confirmed by a first valid code), recovery
 * codes, turning it off, an admin's reset of a user's two-factor, and the clinic's rule that staff use it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import Type from 'typebox';
import type { User } from '../../store/types.js';
import type { AuthContext } from '../auth/context.js';
import type { SecondFactor } from '../auth/second-factor.js';
import { checkSecondFactor, refusal, secretContext } from '../auth/second-factor.js';
import { secretBox } from '../auth/secret-box.js';
import { digest, newToken, verifyPassword } from '../auth/secrets.js';
import { openSession } from '../auth/session.js';
import { matchingStep, newRecoveryCodes, newTotpSecret, normalRecoveryCode, totpUri } from '../auth/totp.js';
import type { AppDeps } from '../deps.js';
import { audit } from '../http/audit.js';
import { authOf } from '../http/authenticate.js';
import { ProblemError, problems } from '../http/problem.js';
import { IdParam, ProblemSchema } from '../schemas/common.js';
import { UserSchema, userView } from '../schemas/records.js';

const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;

const Code = Type.String({ minLength: 6, maxLength: 10, pattern: '^[0-9 ]+$' });
const RecoveryCode = Type.String({ minLength: 16, maxLength: 40 });

/** What the login answers instead of a session when the user has two-factor on. */
export const SecondStepSchema = Type.Object({
  twoFactorRequired: Type.Literal(true),
  challenge: Type.String(),
});

/** After a correct password: a short-lived challenge to present with the code; no session yet. */
export async function startSecondStep(
  deps: AppDeps,
  request: FastifyRequest,
  user: Pick<User, 'id' | 'clinicId'>,
): Promise<{ twoFactorRequired: true; challenge: string }> {
  const challenge = newToken();
  await deps.store.twoFactor.createChallenge({
    tokenHash: digest(challenge),
    clinicId: user.clinicId,
    userId: user.id,
    expiresAt: new Date(deps.now().getTime() + CHALLENGE_MINUTES * 60_000).toISOString(),
  });
  await audit(deps, request, {
    action: 'auth.login_password',
    clinicId: user.clinicId,
    actor: `user:${user.id}`,
  });
  return { twoFactorRequired: true, challenge };
}

export async function hasTwoFactor(deps: AppDeps, user: Pick<User, 'id' | 'clinicId'>): Promise<boolean> {
  return (await deps.store.twoFactor.state(user.clinicId, user.id))?.enabled === true;
}

/** Account routes work only from a logged-in session: an API token cannot change its owner's two-factor. */
function sessionOf(request: FastifyRequest): AuthContext {
  const auth = authOf(request);
  if (auth.kind !== 'session') throw problems.forbidden('Only a logged-in user can change their two-factor.');
  return auth;
}

function oneFactor(body: SecondFactor): SecondFactor {
  if ((body.code === undefined) === (body.recoveryCode === undefined))
    throw problems.validation([{ path: 'body', message: 'give either a code or a recovery code' }]);
  return body;
}

/** A wrong code from a logged-in user is a bad request, not a logout. */
function wrongCode(verdict: 'wrong' | 'blocked'): ProblemError {
  return verdict === 'blocked'
    ? refusal(verdict)
    : problems.validation([{ path: 'body.code', message: 'wrong or already used code' }]);
}

async function issueRecoveryCodes(deps: AppDeps, auth: AuthContext): Promise<string[]> {
  const codes = newRecoveryCodes();
  await deps.store.twoFactor.replaceRecoveryCodes(
    auth.clinicId,
    auth.userId,
    codes.map((c) => digest(normalRecoveryCode(c))),
    deps.now().toISOString(),
  );
  return codes;
}

const beforeTwoFactor = { beforeTwoFactor: true } as const;

export function twoFactorRoutes(app: FastifyInstance, deps: AppDeps): void {
  const limited = {
    rateLimit: { max: deps.config.loginAttemptsPerMinute, timeWindow: '1 minute' },
  } as const;

  app.post(
    '/api/v1/auth/login/two-factor',
    {
      config: { access: 'public', ...limited },
      schema: {
        tags: ['auth'],
        summary: "Log in, second step: the login's challenge with a current code or a recovery code",
        security: [],
        body: Type.Object(
          {
            challenge: Type.String({ minLength: 20, maxLength: 100 }),
            code: Type.Optional(Code),
            recoveryCode: Type.Optional(RecoveryCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: UserSchema }), 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const body = request.body as { challenge: string } & SecondFactor;
      const factor = oneFactor(body);
      const hash = digest(body.challenge);
      const challenge = await deps.store.twoFactor.getChallenge(hash);
      const expired = new ProblemError('login_expired', 'This login has expired; enter your password again.');
      if (challenge === undefined) throw expired;
      if (
        Date.parse(challenge.expiresAt) <= deps.now().getTime() ||
        (await deps.store.twoFactor.countAttempt(hash)) > CHALLENGE_ATTEMPTS
      ) {
        await deps.store.twoFactor.deleteChallenge(hash);
        throw expired;
      }
      const user = await deps.store.users.get(challenge.clinicId, challenge.userId);
      if (user === undefined || user.disabled) throw expired;
      const verdict = await checkSecondFactor(deps, user.clinicId, user.id, factor);
      const who = { clinicId: user.clinicId, actor: `user:${user.id}` };
      if (verdict !== 'accepted') {
        await audit(deps, request, { action: 'auth.login_two_factor', outcome: 'failure', ...who });
        throw refusal(verdict);
      }
      await deps.store.twoFactor.deleteChallenge(hash);
      await openSession(deps, reply, user);
      await audit(deps, request, {
        action: factor.recoveryCode === undefined ? 'auth.login' : 'auth.login_recovery_code',
        ...who,
      });
      return { user: userView(user) };
    },
  );

  app.get(
    '/api/v1/account/two-factor',
    {
      config: beforeTwoFactor,
      schema: {
        tags: ['account'],
        summary: 'Whether you have two-factor on, whether your clinic requires it, recovery codes left',
        response: {
          200: Type.Object({
            enabled: Type.Boolean(),
            enabledAt: Type.Union([Type.String(), Type.Null()]),
            required: Type.Boolean(),
            recoveryCodesLeft: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const [state, required, left] = await Promise.all([
        deps.store.twoFactor.state(auth.clinicId, auth.userId),
        deps.store.twoFactor.clinicRequires(auth.clinicId),
        deps.store.twoFactor.unusedRecoveryCodes(auth.clinicId, auth.userId),
      ]);
      return {
        enabled: state?.enabled === true,
        enabledAt: state?.enabledAt ?? null,
        required,
        recoveryCodesLeft: left,
      };
    },
  );

  app.post(
    '/api/v1/account/two-factor/enrolment',
    {
      config: beforeTwoFactor,
      schema: {
        tags: ['account'],
        summary: 'Start turning two-factor on: a new secret, as an otpauth:// URI and a QR code',
        response: {
          200: Type.Object({ secret: Type.String(), uri: Type.String(), qrCode: Type.String() }),
          409: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = sessionOf(request);
      const user = await deps.store.users.get(auth.clinicId, auth.userId);
      if (user === undefined) throw problems.unauthenticated();
      if (await hasTwoFactor(deps, user)) throw problems.conflict('Two-factor is already on.');
      const secret = newTotpSecret();
      const box = await secretBox(deps.config);
      await deps.store.twoFactor.setPending(
        auth.clinicId,
        auth.userId,
        box.seal(secret, secretContext(user.id)),
      );
      const uri = totpUri(secret, user.email);
      await audit(deps, request, {
        action: 'two_factor.enrolment_start',
        resourceType: 'user',
        resourceId: user.id,
      });
      return { secret, uri, qrCode: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2 }) };
    },
  );

  app.post(
    '/api/v1/account/two-factor/enrolment/confirm',
    {
      config: { ...beforeTwoFactor, ...limited },
      schema: {
        tags: ['account'],
        summary: 'Turn two-factor on with a first valid code; answers the 10 recovery codes, shown once',
        body: Type.Object({ code: Code }, { additionalProperties: false }),
        response: {
          200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }),
          400: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = sessionOf(request);
      const { code } = request.body as { code: string };
      const state = await deps.store.twoFactor.state(auth.clinicId, auth.userId);
      const sealed = state?.pendingSecret;
      if (sealed === undefined || sealed === null) throw problems.conflict('Start the enrolment first.');
      const box = await secretBox(deps.config);
      const secret = box.open(sealed, secretContext(auth.userId));
      if (secret === undefined) throw problems.conflict('Start the enrolment again.');
      const step = matchingStep(secret, code, deps.now());
      if (step === undefined) throw wrongCode('wrong');
      const codes = newRecoveryCodes();
      await deps.store.transaction(async (tx) => {
        await tx.twoFactor.enable(auth.clinicId, auth.userId, {
          secret: sealed,
          at: deps.now().toISOString(),
          step,
          recoveryCodeHashes: codes.map((c) => digest(normalRecoveryCode(c))),
        });
        await audit(
          deps,
          request,
          { action: 'two_factor.enable', resourceType: 'user', resourceId: auth.userId },
          tx,
        );
      });
      return { recoveryCodes: codes };
    },
  );

  app.post(
    '/api/v1/account/two-factor/recovery-codes',
    {
      config: { ...beforeTwoFactor, ...limited },
      schema: {
        tags: ['account'],
        summary: 'New recovery codes (the old ones stop working), with a current code',
        body: Type.Object({ code: Code }, { additionalProperties: false }),
        response: {
          200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }),
          400: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request) => {
      const auth = sessionOf(request);
      const { code } = request.body as { code: string };
      const verdict = await checkSecondFactor(deps, auth.clinicId, auth.userId, { code });
      if (verdict !== 'accepted') throw wrongCode(verdict);
      const codes = await issueRecoveryCodes(deps, auth);
      await audit(deps, request, {
        action: 'two_factor.recovery_codes',
        resourceType: 'user',
        resourceId: auth.userId,
      });
      return { recoveryCodes: codes };
    },
  );

  app.post(
    '/api/v1/account/two-factor/disable',
    {
      config: { ...beforeTwoFactor, ...limited },
      schema: {
        tags: ['account'],
        summary: 'Turn two-factor off, with a current code or your password',
        body: Type.Object(
          {
            code: Type.Optional(Code),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false, minProperties: 1, maxProperties: 1 },
        ),
        response: { 204: Type.Null(), 400: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = sessionOf(request);
      const body = request.body as { code?: string; password?: string };
      const user = await deps.store.users.get(auth.clinicId, auth.userId);
      if (user === undefined || !(await hasTwoFactor(deps, user)))
        throw problems.conflict('Two-factor is off.');
      if (body.password !== undefined) {
        const secret = await deps.store.users.findByEmailWithSecret(user.email);
        if (secret === undefined || !(await verifyPassword(secret.passwordHash, body.password)))
          throw problems.validation([{ path: 'body.password', message: 'wrong password' }]);
      } else {
        const verdict = await checkSecondFactor(deps, auth.clinicId, auth.userId, { code: body.code });
        if (verdict !== 'accepted') throw wrongCode(verdict);
      }
      await deps.store.transaction(async (tx) => {
        await tx.twoFactor.disable(auth.clinicId, auth.userId);
        await audit(
          deps,
          request,
          { action: 'two_factor.disable', resourceType: 'user', resourceId: auth.userId },
          tx,
        );
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/v1/users/:userId/two-factor',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: "Reset a user's two-factor (a lost phone): it is turned off and their sessions end",
        params: Type.Object({ userId: IdParam }, { additionalProperties: false }),
        response: { 204: Type.Null(), 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const { userId } = request.params as { userId: string };
      if ((await deps.store.users.get(auth.clinicId, userId)) === undefined) throw problems.notFound('user');
      // Your own two-factor goes off only with a code or your password (the account page).
      if (userId === auth.userId)
        throw problems.conflict(
          'Turn your own two-factor off in your account, with a code or your password.',
        );
      await deps.store.transaction(async (tx) => {
        await tx.twoFactor.disable(auth.clinicId, userId);
        await tx.sessions.deleteForUser(userId);
        await audit(
          deps,
          request,
          { action: 'two_factor.reset', resourceType: 'user', resourceId: userId },
          tx,
        );
      });
      return reply.status(204).send();
    },
  );

  const SecuritySchema = Type.Object({
    requireTwoFactor: Type.Boolean(),
    /** The clinic's users who have two-factor on. */
    twoFactorUserIds: Type.Array(Type.String()),
  });
  const security = async (clinicId: string) => ({
    requireTwoFactor: await deps.store.twoFactor.clinicRequires(clinicId),
    twoFactorUserIds: await deps.store.twoFactor.enabledUsers(clinicId),
  });

  app.get(
    '/api/v1/clinic/security',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Whether staff must use two-factor, and who has it on',
        response: { 200: SecuritySchema },
      },
    },
    async (request) => security(authOf(request).clinicId),
  );

  app.patch(
    '/api/v1/clinic/security',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Require two-factor for all staff of the clinic (turn it on for yourself first)',
        body: Type.Object({ requireTwoFactor: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: SecuritySchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { requireTwoFactor } = request.body as { requireTwoFactor: boolean };
      if (requireTwoFactor && !(await hasTwoFactor(deps, { id: auth.userId, clinicId: auth.clinicId })))
        throw problems.conflict('Turn two-factor on for yourself before requiring it of everyone.');
      await deps.store.transaction(async (tx) => {
        await tx.twoFactor.setClinicRequires(auth.clinicId, requireTwoFactor);
        await audit(
          deps,
          request,
          { action: 'clinic.security', resourceType: 'clinic', resourceId: auth.clinicId },
          tx,
        );
      });
      return security(auth.clinicId);
    },
  );
}
