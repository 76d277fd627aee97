import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Lang } from '../../../src/core/browser.js';
import { setLang, useLang } from '../lang.js';
import { Link } from '../router.js';

/** Page frame: skip link, header with navigation and language switch, and a main region that takes focus. */
export function Layout(props: { title: string; children: ComponentChildren; nav?: ComponentChildren }) {
  const { lang, t } = useLang();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t.appName}`;
    main.current?.focus();
  }, [props.title, t.appName]);
  return (
    <>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="top">
        <Link class="brand" href="/">
          {t.appName}
        </Link>
        <nav aria-label={t.appName}>{props.nav}</nav>
        <label class="lang">
          <span class="visually-hidden">{t.lang.label}</span>
          <select
            value={lang}
            onChange={(e) => setLang((e.currentTarget.value === 'fr' ? 'fr' : 'en') as Lang)}
          >
            <option value="en">{t.lang.en}</option>
            <option value="fr">{t.lang.fr}</option>
          </select>
        </label>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
