import { useLang } from './lang.js';
import { Link } from './router.js';
import { Layout } from './ui/Layout.js';

export function Home() {
  const { t } = useLang();
  return (
    <Layout title={t.home.title}>
      <h1>{t.home.title}</h1>
      <p class="lead">{t.home.lead}</p>
      <p>
        <Link class="button" href="/check">
          {t.home.start}
        </Link>
      </p>
      <p>
        <Link href="/login">{t.home.therapists}</Link> · <Link href="/kb">{t.nav.kb}</Link>
      </p>
    </Layout>
  );
}
