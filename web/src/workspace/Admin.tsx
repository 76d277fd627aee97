/** Admin: users and roles, two-factor, API tokens, the audit log and its verification. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { Link } from '../router.js';
import { SelectField } from '../ui/SelectField.js';
import { formatDate, useResource } from './data.js';
import { failureText } from './failure.js';
import { WORKSPACE_STRINGS } from './strings.js';

const ROLES = ['practitioner', 'reception', 'admin'] as const;

interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly disabled: boolean;
  readonly clinicalLead: boolean;
}
interface LockedAccount {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly lockedUntil: string;
  readonly failures: number;
}
interface Token {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly ownerId: string;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}
interface Security {
  readonly requireTwoFactor: boolean;
  readonly twoFactorUserIds: readonly string[];
}
interface Entry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly outcome: string;
}

export function Admin({ meId }: { meId: string }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const users = useResource<{ users: User[] }>('/api/v1/users');
  const log = useResource<{ entries: Entry[] }>('/api/v1/audit?limit=100');
  const locked = useResource<{ accounts: LockedAccount[] }>('/api/v1/users/locked');
  const tokens = useResource<{ tokens: Token[] }>('/api/v1/api-tokens');
  const security = useResource<Security>('/api/v1/clinic/security');
  const [message, setMessage] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [secret, setSecret] = useState<string | undefined>();
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      setMessage(undefined);
      users.reload();
      log.reload();
      locked.reload();
      tokens.reload();
      security.reload();
    } catch (e) {
      setMessage(failureText(e, s));
    }
  };
  return (
    <>
      <h1>{s.admin.title}</h1>
      <p>
        <Link href="/app/admin/impact">{s.impact.link}</Link>
      </p>
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      <section>
        <h2>{s.admin.users}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{s.today.name}</th>
                <th scope="col">Email</th>
                <th scope="col">{s.admin.role}</th>
                <th scope="col">{s.admin.twoFactor}</th>
                <th scope="col">{s.admin.clinicalLead}</th>
                <th scope="col">
                  <span class="visually-hidden">{s.admin.disable}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(users.data?.users ?? []).map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{s.admin.roles[u.role as (typeof ROLES)[number]] ?? u.role}</td>
                  <td>
                    {security.data?.twoFactorUserIds.includes(u.id) === true ? (
                      <>
                        {`${s.admin.on} `}
                        {u.id !== meId && (
                          <button
                            type="button"
                            class="secondary"
                            onClick={() => act(() => api('DELETE', `/api/v1/users/${u.id}/two-factor`))}
                          >
                            {s.admin.reset}
                          </button>
                        )}
                      </>
                    ) : (
                      s.admin.off
                    )}
                  </td>
                  <td>
                    {u.role === 'practitioner' ? (
                      <>
                        {u.clinicalLead && `${s.admin.clinicalLead} `}
                        <button
                          type="button"
                          class="secondary"
                          aria-label={`${u.clinicalLead ? s.admin.removeLead : s.admin.makeLead}: ${u.name}`}
                          onClick={() =>
                            act(() =>
                              api('PATCH', `/api/v1/users/${u.id}`, { clinicalLead: !u.clinicalLead }),
                            )
                          }
                        >
                          {u.clinicalLead ? s.admin.removeLead : s.admin.makeLead}
                        </button>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {u.id !== meId && (
                      <button
                        type="button"
                        class="secondary"
                        onClick={() =>
                          act(() => api('PATCH', `/api/v1/users/${u.id}`, { disabled: !u.disabled }))
                        }
                      >
                        {u.disabled ? s.admin.enable : s.admin.disable}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="hint">{s.admin.clinicalLeadHint}</p>
        <details>
          <summary>{s.admin.add}</summary>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const f = new FormData(event.currentTarget as HTMLFormElement);
              void act(() =>
                api('POST', '/api/v1/users', {
                  email: String(f.get('email')),
                  name: String(f.get('name')),
                  role: String(f.get('role')),
                  password: String(f.get('password')),
                }),
              );
            }}
          >
            <label class="field">
              <span>{s.today.name}</span>
              <input type="text" name="name" required />
            </label>
            <label class="field">
              <span>Email</span>
              <input type="email" name="email" required />
            </label>
            <SelectField label={s.admin.role} name="role">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {s.admin.roles[role]}
                </option>
              ))}
            </SelectField>
            <label class="field">
              <span>{s.admin.password}</span>
              <input
                type="password"
                name="password"
                required
                minLength={12}
                maxLength={128}
                autoComplete="new-password"
                aria-describedby="one-time-hint"
              />
            </label>
            <p class="hint" id="one-time-hint">
              {s.admin.oneTime}
            </p>
            <button type="submit">{s.admin.add}</button>
          </form>
        </details>
      </section>
      <section>
        <h2>{s.admin.locked}</h2>
        <p class="hint">{s.admin.lockedHint}</p>
        {(locked.data?.accounts ?? []).length === 0 ? (
          <p>{s.admin.noneLocked}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{s.today.name}</th>
                  <th scope="col">Email</th>
                  <th scope="col">{s.admin.lockedUntil}</th>
                  <th scope="col">{s.admin.failures}</th>
                  <th scope="col">
                    <span class="visually-hidden">{s.admin.unlock}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {(locked.data?.accounts ?? []).map((a) => (
                  <tr key={a.userId}>
                    <td>{a.name}</td>
                    <td>{a.email}</td>
                    <td>{formatDate(a.lockedUntil, lang)}</td>
                    <td>{a.failures}</td>
                    <td>
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => act(() => api('POST', `/api/v1/users/${a.userId}/unlock`))}
                      >
                        {s.admin.unlock}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2>{s.admin.twoFactor}</h2>
        <label class="choice">
          <input
            type="checkbox"
            checked={security.data?.requireTwoFactor === true}
            onChange={(event) => {
              const on = (event.currentTarget as HTMLInputElement).checked;
              void act(() => api('PATCH', '/api/v1/clinic/security', { requireTwoFactor: on }));
            }}
          />
          <span>{s.admin.requireTwoFactor}</span>
        </label>
        <p class="hint">{s.admin.requireHint}</p>
      </section>
      <section>
        <h2>{s.admin.tokens}</h2>
        {secret !== undefined && (
          <p role="status">
            {`${s.admin.secretOnce} `}
            <code>{secret}</code>
          </p>
        )}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{s.admin.tokenName}</th>
                <th scope="col">{s.admin.role}</th>
                <th scope="col">{s.admin.expires}</th>
                <th scope="col">{s.admin.lastUsed}</th>
                <th scope="col">
                  <span class="visually-hidden">{s.admin.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(tokens.data?.tokens ?? []).map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{s.admin.roles[token.role as (typeof ROLES)[number]] ?? token.role}</td>
                  <td>{formatDate(token.expiresAt, lang)}</td>
                  <td>{token.lastUsedAt === null ? s.admin.never : formatDate(token.lastUsedAt, lang)}</td>
                  <td>
                    {token.revokedAt === null ? (
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => act(() => api('DELETE', `/api/v1/api-tokens/${token.id}`))}
                      >
                        {s.admin.revoke}
                      </button>
                    ) : (
                      s.admin.revoked
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <details>
          <summary>{s.admin.createToken}</summary>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const f = new FormData(event.currentTarget as HTMLFormElement);
              void act(async () => {
                const created = await api<{ secret: string }>('POST', '/api/v1/api-tokens', {
                  name: String(f.get('name')),
                  role: String(f.get('role')),
                  expiresInDays: Number(f.get('days')),
                });
                setSecret(created.secret);
              });
            }}
          >
            <label class="field">
              <span>{s.admin.tokenName}</span>
              <input type="text" name="name" required maxLength={80} />
            </label>
            <SelectField label={s.admin.role} name="role">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {s.admin.roles[role]}
                </option>
              ))}
            </SelectField>
            <label class="field">
              <span>{s.admin.days}</span>
              <input type="number" name="days" min={1} max={3650} defaultValue="90" required />
            </label>
            <button type="submit">{s.admin.createToken}</button>
          </form>
        </details>
      </section>
      <section>
        <h2>{s.admin.audit}</h2>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            act(async () => {
              const result = await api<{ ok: boolean; seq?: number }>('GET', '/api/v1/audit/verify');
              setStatus(result.ok ? s.admin.intact : `${s.admin.tampered} ${result.seq}`);
            })
          }
        >
          {s.admin.verify}
        </button>
        {status && <p role="status">{status}</p>}
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{s.today.submitted}</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {(log.data?.entries ?? []).map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{formatDate(e.at, lang)}</td>
                  <td>{e.actor}</td>
                  <td>{`${e.action}${e.resourceType ? ` (${e.resourceType})` : ''}`}</td>
                  <td>{e.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
