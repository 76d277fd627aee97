/**
 * Changing one's password: forced while it is a one-time password (the server then refuses everything
 * else), and open to anyone from the workspace. The strength rule is checked by the server, whose refusal
 * says why in the user's language; the browser only checks the length and that both entries match.
 */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { useLang } from '../lang.js';
import { navigate } from '../router.js';
import { failureText } from './failure.js';
import { WORKSPACE_STRINGS } from './strings.js';

const MIN_LENGTH = 12;

export function ChangePassword({ forced, onChanged }: { forced: boolean; onChanged: () => void }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang].password;
  const [problem, setProblem] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const currentPassword = String(form.get('current') ?? '');
    const newPassword = String(form.get('new') ?? '');
    if (newPassword !== String(form.get('repeat') ?? '')) {
      setProblem(s.mismatch);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', '/api/v1/auth/password', { currentPassword, newPassword });
      setDone(true);
      onChanged();
      if (forced) navigate('/app');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'password_rejected') setProblem(error.detail);
      else if (error instanceof ApiError && error.status === 403) setProblem(s.wrongCurrent);
      else setProblem(failureText(error, WORKSPACE_STRINGS[lang]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>{s.title}</h1>
      {forced && <p role="status">{s.forced}</p>}
      {done && !forced && <p role="status">{s.changed}</p>}
      {problem !== undefined && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <form onSubmit={submit}>
        <label class="field">
          <span>{forced ? s.oneTime : s.current}</span>
          <input type="password" name="current" autoComplete="current-password" required />
        </label>
        <label class="field">
          <span>{s.new}</span>
          <input
            type="password"
            name="new"
            autoComplete="new-password"
            required
            minLength={MIN_LENGTH}
            maxLength={128}
            aria-describedby="password-rule"
          />
        </label>
        <p class="hint" id="password-rule">
          {s.rule}
        </p>
        <label class="field">
          <span>{s.repeat}</span>
          <input type="password" name="repeat" autoComplete="new-password" required minLength={MIN_LENGTH} />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {s.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
