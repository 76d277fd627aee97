/**
 * The public information sheet of one technique (/info/<techniqueId>?lang=fr): built in the browser from
 * the knowledge bundle, printable, no login. `?lang=` sets the page's language, which the language
 * switch can then change.
 */
import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeBase } from '../../../src/core/browser.js';
import { isLang } from '../../../src/core/browser.js';
import { infoSheet } from '../../../src/report/info-sheet.js';
import { INFO_SHEET_STRINGS } from '../../../src/report/info-sheet-strings.js';
import { knowledgeBase } from '../knowledge.js';
import { setLang, useLang } from '../lang.js';
import { Link } from '../router.js';
import { Layout } from '../ui/Layout.js';

export function InfoSheetPage(props: { techniqueId: string }) {
  const { lang, t } = useLang();
  const [kb, setKb] = useState<KnowledgeBase | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const wanted = new URLSearchParams(location.search).get('lang');
    if (isLang(wanted) && wanted !== lang) setLang(wanted);
    knowledgeBase().then(setKb, () => setFailed(true));
  }, []);
  const w = INFO_SHEET_STRINGS[lang];
  const sheet = kb === undefined ? undefined : infoSheet(kb, props.techniqueId, lang);
  const title = sheet?.title ?? (kb === undefined ? w.loading : w.notFound);
  return (
    <Layout title={title}>
      {failed && <p role="alert">{t.error.generic}</p>}
      {!failed && kb === undefined && <p>{w.loading}</p>}
      {kb !== undefined && sheet === undefined && <h1>{w.notFound}</h1>}
      {sheet !== undefined && (
        <article class="info-sheet" lang={sheet.lang} aria-labelledby="info-title">
          <h1 id="info-title">{sheet.title}</h1>
          <p class="info-intro">{sheet.intro}</p>
          <p class="no-print">
            <button type="button" onClick={() => window.print()}>
              {w.print}
            </button>
          </p>
          {sheet.sections.map((section) => (
            <section
              key={section.id}
              class={`info-section info-${section.id}`}
              aria-labelledby={`info-${section.id}`}
            >
              <h2 id={`info-${section.id}`}>{section.heading}</h2>
              {section.paragraphs.map((p) => (
                <p key={p}>{p}</p>
              ))}
              {section.items.length > 0 && (
                <ul>
                  {section.items.map((item) => (
                    <li key={item.text}>
                      {item.title !== undefined && <strong>{item.title}. </strong>}
                      {item.text}
                    </li>
                  ))}
                </ul>
              )}
              {section.note !== undefined && <p class="info-note">{section.note}</p>}
            </section>
          ))}
          <p class="info-footer">{sheet.footer}</p>
          <nav class="no-print" aria-label={w.otherSheets}>
            <h2>{w.otherSheets}</h2>
            <ul>
              {kb?.techniques
                .filter((other) => other.id !== sheet.techniqueId)
                .map((other) => (
                  <li key={other.id}>
                    <Link href={`/info/${other.id}?lang=${lang}`}>{other.client.name[lang]}</Link>
                  </li>
                ))}
            </ul>
          </nav>
        </article>
      )}
    </Layout>
  );
}
