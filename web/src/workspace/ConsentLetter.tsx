/**
 * The consent text as readable paragraphs and lists. Its text content is exactly the string the server
 * stores (consentText): the separators of the text form sit between the elements, and each list item's
 * "- " is in the DOM but hidden, so what the client reads, what is compared and what is signed agree.
 */
import { Fragment } from 'preact';
import type { ConsentDocument } from '../../../src/report/consent.js';
import { CONSENT_TEXT } from '../../../src/report/consent.js';

export function ConsentLetter(props: { document: ConsentDocument }) {
  const { blocks, lang } = props.document;
  return (
    <div class="letter consent-letter" lang={lang}>
      {blocks.map((block, i) => (
        <Fragment key={`${block.kind}-${i}`}>
          {i > 0 && CONSENT_TEXT.block}
          {block.kind === 'title' && <p class="letter-title">{block.text}</p>}
          {block.kind === 'paragraph' && <p>{block.text}</p>}
          {block.kind === 'list' && (
            <>
              <p class="letter-heading">{CONSENT_TEXT.heading(block.heading, lang)}</p>
              <ul>
                {block.items.map((item) => (
                  <li key={item.text}>
                    <span hidden>{CONSENT_TEXT.item}</span>
                    {item.text}
                    {item.notes.map((note) => (
                      <span class="letter-note" key={note}>
                        <span hidden>{CONSENT_TEXT.note}</span>
                        {note}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          )}
        </Fragment>
      ))}
    </div>
  );
}
