/** The therapist workspace (a separate chunk): login, today, clients, screenings, knowledge base, admin. */
import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { api } from '../api.js';
import { knowledgeBase } from '../knowledge.js';
import { useLang } from '../lang.js';
import { Link, match, navigate } from '../router.js';
import { Layout } from '../ui/Layout.js';
import { Account } from './Account.js';
import { Admin } from './Admin.js';
import { ChangePassword } from './ChangePassword.js';
import { ClientPage } from './ClientPage.js';
import type { Me } from './data.js';
import { useResource } from './data.js';
import { Examination } from './Examination.js';
import { ImpactPage } from './ImpactPage.js';
import { InRoom } from './InRoom.js';
import { KbIndex, RuleDetail } from './KbBrowser.js';
import { Login, takeFailedLogins } from './Login.js';
import { NewClientPage } from './NewClient.js';
import { RecordMappingPage } from './RecordMappingPage.js';
import { ScreeningPage } from './ScreeningPage.js';
import { SMART_STRINGS, SmartLaunchPage } from './SmartLaunch.js';
import { WORKSPACE_STRINGS } from './strings.js';
import { Today } from './Today.js';

function Nav({ me }: { me: Me | undefined }) {
  const { t, lang } = useLang();
  return (
    <>
      {me && <Link href="/app">{t.nav.today}</Link>}
      <Link href={me === undefined ? '/kb' : '/app/kb'}>{t.nav.kb}</Link>
      {me?.user.role === 'admin' && !me.user.mustChangePassword && (
        <Link href="/app/admin">{t.nav.admin}</Link>
      )}
      {me !== undefined && !me.user.mustChangePassword && (
        <Link href="/app/password">{WORKSPACE_STRINGS[lang].password.link}</Link>
      )}
      {me !== undefined && !me.user.mustChangePassword && <Link href="/app/account">{t.nav.account}</Link>}
      {me ? (
        <button
          type="button"
          class="secondary"
          onClick={async () => {
            await api('POST', '/api/v1/auth/logout');
            navigate('/login');
          }}
        >
          {t.nav.logout}
        </button>
      ) : (
        <Link href="/login">{t.nav.login}</Link>
      )}
    </>
  );
}

function AppPages({ path, kb }: { path: string; kb: KnowledgeBase }) {
  const me = useResource<Me>('/api/v1/me');
  // A one-time password is changed first: until then the server refuses the two-factor status too.
  const passwordChanged = me.data !== undefined && me.data.user.mustChangePassword !== true;
  const twoFactor = useResource<{ enabled: boolean; required: boolean }>(
    passwordChanged ? '/api/v1/account/two-factor' : undefined,
  );
  const { t, lang } = useLang();
  const [failedLogins] = useState(takeFailedLogins);
  if (me.data === undefined || (passwordChanged && twoFactor.data === undefined))
    return <p>{t.flow.loading}</p>;
  // A clinic that requires two-factor opens nothing else until it is on.
  const mustEnrol = twoFactor.data?.required === true && !twoFactor.data.enabled;
  const newClient = match('/app/clients/new', path) !== undefined;
  const client = newClient ? undefined : match('/app/clients/:id', path);
  const screening = match('/app/screenings/:id', path);
  const inRoom = match('/app/clients/:id/in-room', path);
  const examine = match('/app/screenings/:id/examine', path);
  const kbRule = match('/app/kb/rules/:id', path);
  const s = WORKSPACE_STRINGS[lang];
  let page: preact.ComponentChildren;
  let title: string = t.nav.today;
  if (me.data.user.mustChangePassword) {
    title = s.password.title;
    page = <ChangePassword forced onChanged={me.reload} />;
  } else if (path === '/app/password') {
    title = s.password.title;
    page = <ChangePassword forced={false} onChanged={me.reload} />;
  } else if (mustEnrol || path === '/app/account') {
    title = s.account.title;
    page = <Account onChange={twoFactor.reload} />;
  } else if (path === '/app/smart') {
    title = SMART_STRINGS[lang].title;
    page = <SmartLaunchPage me={me.data} />;
  } else if (newClient) {
    title = s.ehr.newPage;
    page = <NewClientPage search={location.search} />;
  } else if (client?.id !== undefined) page = <ClientPage id={client.id} kb={kb} me={me.data} />;
  else if (inRoom?.id !== undefined) {
    title = s.inRoom.title;
    page = <InRoom clientId={inRoom.id} kb={kb} me={me.data} />;
  } else if (examine?.id !== undefined) {
    title = s.inRoom.title;
    page = <Examination id={examine.id} kb={kb} me={me.data} />;
  } else if (screening?.id !== undefined) {
    title = s.screening.title;
    page = <ScreeningPage id={screening.id} kb={kb} me={me.data} />;
  } else if (path === '/app/admin') {
    title = t.nav.admin;
    page = <Admin meId={me.data.user.id} />;
  } else if (path === '/app/admin/impact' && me.data.user.role === 'admin') {
    title = s.impact.title;
    page = <ImpactPage />;
  } else if (path === '/app/kb') {
    title = t.nav.kb;
    page = <KbIndex base="/app/kb" clinic />;
  } else if (kbRule?.id !== undefined) {
    title = t.nav.kb;
    page = <RuleDetail id={kbRule.id} kb={kb} base="/app/kb" me={me.data} />;
  } else page = <Today kb={kb} />;
  return (
    <Layout title={title} nav={<Nav me={me.data} />}>
      <p class="hint">{`${me.data.clinic.name} · ${me.data.user.name}`}</p>
      {failedLogins > 0 && (
        <p class="error" role="alert">
          {s.password.failedLogins(failedLogins)}
        </p>
      )}
      {page}
    </Layout>
  );
}

export function Workspace({ path }: { path: string }) {
  const { t } = useLang();
  const [kb, setKb] = useState<KnowledgeBase | undefined>();
  // The login page and the list of rules need no compiled knowledge base: they do not download it.
  const needsKb = path !== '/login' && path !== '/kb';
  useEffect(() => {
    if (needsKb) knowledgeBase().then(setKb, () => undefined);
  }, [needsKb]);
  if (path === '/login') return <Login />;
  if (path === '/kb')
    return (
      <Layout title={t.nav.kb} nav={<Nav me={undefined} />}>
        <KbIndex />
      </Layout>
    );
  if (kb === undefined) return <p>{t.flow.loading}</p>;
  if (path.startsWith('/app')) return <AppPages path={path} kb={kb} />;
  const rule = match('/kb/rules/:id', path);
  return (
    <Layout title={t.nav.kb} nav={<Nav me={undefined} />}>
      {rule?.id !== undefined ? (
        <RuleDetail id={rule.id} kb={kb} />
      ) : path === '/kb/ehr' ? (
        <RecordMappingPage kb={kb} />
      ) : (
        <KbIndex />
      )}
    </Layout>
  );
}
