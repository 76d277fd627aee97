/** My account: turn two-factor on (QR code, then a first code), see recovery codes once, turn it off. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import { formatDate, useResource } from './data.js';
import { failureText } from './failure.js';
import { WORKSPACE_STRINGS } from './strings.js';

interface TwoFactorStatus {
  readonly enabled: boolean;
  readonly enabledAt: string | null;
  readonly required: boolean;
  readonly recoveryCodesLeft: number;
}
interface Enrolment {
  readonly secret: string;
  readonly uri: string;
  readonly qrCode: string;
}

function formValue(event: Event, name: string): string {
  event.preventDefault();
  return String(new FormData(event.currentTarget as HTMLFormElement).get(name) ?? '').trim();
}

function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  const s = WORKSPACE_STRINGS[useLang().lang].account;
  return (
    <section aria-labelledby="recovery-codes">
      <h3 id="recovery-codes">{s.codesTitle}</h3>
      <p>{s.codesHint}</p>
      <ul class="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `onChange` tells the workspace that two-factor changed (it may have been all that kept it closed). */
export function Account({ onChange }: { onChange?: () => void }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const a = s.account;
  const status = useResource<TwoFactorStatus>('/api/v1/account/two-factor');
  const [enrolment, setEnrolment] = useState<Enrolment | undefined>();
  const [codes, setCodes] = useState<string[] | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const act = async (run: () => Promise<void>) => {
    try {
      await run();
      setMessage(undefined);
      status.reload();
      onChange?.();
    } catch (e) {
      setMessage(failureText(e, s));
    }
  };
  const state = status.data;
  return (
    <>
      <h1>{a.title}</h1>
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      <section>
        <h2>{a.twoFactor}</h2>
        {state?.required === true && !state.enabled && (
          <p class="notice" role="status">
            {a.required}
          </p>
        )}
        {state?.enabled === true ? (
          <>
            <p>{`${a.onSince} ${formatDate(state.enabledAt ?? '', lang)}.`}</p>
            <p>{a.codesLeft(state.recoveryCodesLeft)}</p>
          </>
        ) : (
          state !== undefined && <p>{a.off}</p>
        )}
        {codes !== undefined && <RecoveryCodes codes={codes} />}
        {state?.enabled === false && enrolment === undefined && (
          <button
            type="button"
            onClick={() =>
              act(async () => {
                setEnrolment(await api<Enrolment>('POST', '/api/v1/account/two-factor/enrolment'));
              })
            }
          >
            {a.start}
          </button>
        )}
        {state?.enabled === false && enrolment !== undefined && (
          <form
            onSubmit={(event) => {
              const code = formValue(event, 'code');
              void act(async () => {
                const answer = await api<{ recoveryCodes: string[] }>(
                  'POST',
                  '/api/v1/account/two-factor/enrolment/confirm',
                  { code: code.replace(/\s/g, '') },
                );
                setEnrolment(undefined);
                setCodes(answer.recoveryCodes);
              });
            }}
          >
            <p>{a.scan}</p>
            <img src={enrolment.qrCode} alt={enrolment.uri} width={200} height={200} />
            <p>
              {`${a.key}: `}
              <code data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            <label class="field">
              <span>{a.confirm}</span>
              <input
                type="text"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                required
              />
            </label>
            <button type="submit">{a.activate}</button>
          </form>
        )}
        {state?.enabled === true && (
          <>
            <details>
              <summary>{a.newCodes}</summary>
              <form
                onSubmit={(event) => {
                  const code = formValue(event, 'code');
                  void act(async () => {
                    const answer = await api<{ recoveryCodes: string[] }>(
                      'POST',
                      '/api/v1/account/two-factor/recovery-codes',
                      { code: code.replace(/\s/g, '') },
                    );
                    setCodes(answer.recoveryCodes);
                  });
                }}
              >
                <label class="field">
                  <span>{a.code}</span>
                  <input type="text" name="code" inputMode="numeric" autoComplete="one-time-code" required />
                </label>
                <button type="submit">{a.newCodes}</button>
              </form>
            </details>
            <details>
              <summary>{a.disable}</summary>
              <form
                onSubmit={(event) => {
                  const form = new FormData(event.currentTarget as HTMLFormElement);
                  event.preventDefault();
                  const code = String(form.get('code') ?? '').replace(/\s/g, '');
                  const password = String(form.get('password') ?? '');
                  void act(async () => {
                    await api(
                      'POST',
                      '/api/v1/account/two-factor/disable',
                      code !== '' ? { code } : { password },
                    );
                    setCodes(undefined);
                  });
                }}
              >
                <p>{a.disableHint}</p>
                <label class="field">
                  <span>{a.code}</span>
                  <input type="text" name="code" inputMode="numeric" autoComplete="one-time-code" />
                </label>
                <label class="field">
                  <span>{a.password}</span>
                  <input type="password" name="password" autoComplete="current-password" />
                </label>
                <button type="submit" class="secondary">
                  {a.disable}
                </button>
              </form>
            </details>
            {codes !== undefined && (
              <p>
                <Link href="/app">{a.back}</Link>
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}
