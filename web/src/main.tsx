/** Entry point: the public pages load at once; the therapist workspace is a separate chunk. */
import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { Intake } from './check/Intake.js';
import { SelfCheck } from './check/SelfCheck.js';
import { Home } from './Home.js';
import { InfoSheetPage } from './info/InfoSheetPage.js';
import { useLang } from './lang.js';
import { match, usePath } from './router.js';
import './styles.css';
import { Layout } from './ui/Layout.js';

const Workspace = lazy(() => import('./workspace/Workspace.js').then((m) => ({ default: m.Workspace })));

function NotFound() {
  const { t } = useLang();
  return (
    <Layout title={t.error.notFound}>
      <h1>{t.error.notFound}</h1>
    </Layout>
  );
}

function App() {
  const path = usePath();
  const { t } = useLang();
  if (match('/', path)) return <Home />;
  if (match('/check', path)) return <SelfCheck />;
  const info = match('/info/:techniqueId', path);
  if (info?.techniqueId !== undefined)
    return <InfoSheetPage key={info.techniqueId} techniqueId={info.techniqueId} />;
  const intake = match('/intake/:token', path);
  if (intake?.token !== undefined) return <Intake token={intake.token} />;
  if (
    path === '/login' ||
    path === '/kb' ||
    path.startsWith('/kb/') ||
    path === '/app' ||
    path.startsWith('/app/')
  ) {
    return (
      <Suspense fallback={<p>{t.flow.loading}</p>}>
        <Workspace path={path} />
      </Suspense>
    );
  }
  return <NotFound />;
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
