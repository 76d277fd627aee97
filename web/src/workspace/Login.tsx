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

export function Login() {
  const { t } = useLang();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      const result = await api<{ failedLoginsSinceLastLogin?: number }>('POST', '/api/v1/auth/login', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      keepFailedLogins(result.failedLoginsSinceLastLogin ?? 0);
      const next = new URLSearchParams(location.search).get('next');
      navigate(next?.startsWith('/app') === true ? next : '/app');
    } catch (e) {
      setError(e instanceof ApiError && e.status === 429 ? t.login.rate : t.login.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout title={t.login.title}>
      <h1>{t.login.title}</h1>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={submit}>
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
    </Layout>
  );
}
