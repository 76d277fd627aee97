import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { useLang } from '../lang.js';
import { navigate } from '../router.js';
import { Layout } from '../ui/Layout.js';

const FAILED_LOGINS = 'neckcheck.failedLogins';

/** How many logins failed before this one (said once, on the first workspace page after logging in). */
export function takeFailedLogins(): number {
  try {
    const count = Number(sessionStorage.getItem(FAILED_LOGINS) ?? 0);
    sessionStorage.removeItem(FAILED_LOGINS);
    return Number.isInteger(count) && count > 0 ? count : 0;
  } catch {
    return 0;
  }
}

function keepFailedLogins(count: number): void {
  try {
    if (count > 0) sessionStorage.setItem(FAILED_LOGINS, String(count));
  } catch {
    // Storage refused (private mode): the count is not shown, which loses nothing else.
  }
}

type LoginAnswer =
  | { user: unknown; failedLoginsSinceLastLogin?: number }
  | { twoFactorRequired: true; challenge: string };

function done() {
  const next = new URLSearchParams(location.search).get('next');
  navigate(next?.startsWith('/app') === true ? next : '/app');
}

/** Password first; for staff with two-factor, then a code (or a recovery code). No session before it. */
export function Login() {
  const { t } = useLang();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<string | undefined>();
  const [recovery, setRecovery] = useState(false);
  const run = async (event: Event, step: (form: FormData) => Promise<void>) => {
    event.preventDefault();
    setBusy(true);
    try {
      await step(new FormData(event.currentTarget as HTMLFormElement));
      setError(undefined);
    } catch (e) {
      if (!(e instanceof ApiError)) setError(t.login.failed);
      else if (challenge === undefined) setError(e.status === 429 ? t.login.rate : t.login.failed);
      else if (e.status === 429) setError(t.login.codeBlocked);
      else if (e.code === 'login_expired') {
        setChallenge(undefined);
        setError(t.login.expired);
      } else setError(t.login.codeFailed);
    } finally {
      setBusy(false);
    }
  };
  const password = (form: FormData) =>
    api<LoginAnswer>('POST', '/api/v1/auth/login', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    }).then((answer) => {
      if ('twoFactorRequired' in answer) setChallenge(answer.challenge);
      else {
        keepFailedLogins(answer.failedLoginsSinceLastLogin ?? 0);
        done();
      }
    });
  const code = (form: FormData) => {
    const value = String(form.get('code') ?? '').trim();
    return api('POST', '/api/v1/auth/login/two-factor', {
      challenge,
      ...(recovery ? { recoveryCode: value } : { code: value.replace(/\s/g, '') }),
    }).then(done);
  };
  return (
    <Layout title={t.login.title}>
      <h1>{t.login.title}</h1>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {challenge === undefined ? (
        <form onSubmit={(event) => run(event, password)}>
          <label class="field">
            <span>{t.login.email}</span>
            <input type="email" name="email" autoComplete="username" required />
          </label>
          <label class="field">
            <span>{t.login.password}</span>
            <input type="password" name="password" autoComplete="current-password" required />
          </label>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {t.login.submit}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={(event) => run(event, code)}>
          <h2>{t.login.codeTitle}</h2>
          <label class="field">
            <span>{recovery ? t.login.recovery : t.login.code}</span>
            <input
              key={recovery ? 'recovery' : 'code'}
              type="text"
              name="code"
              inputMode={recovery ? 'text' : 'numeric'}
              autoComplete={recovery ? 'off' : 'one-time-code'}
              pattern={recovery ? undefined : '[0-9 ]{6,7}'}
              required
              // biome-ignore lint/a11y/noAutofocus: the only field of this step, just after the password
              autoFocus
            />
          </label>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {t.login.verify}
            </button>
            <button type="button" class="secondary" onClick={() => setRecovery(!recovery)}>
              {recovery ? t.login.useCode : t.login.useRecovery}
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
}
