/** One question as an accessible fieldset: yes/no, single or multiple choice, or a number, with "I don't know". */
import type { AnswerValue, Lang, Question } from '../../../src/core/browser.js';
import { UNKNOWN_ANSWER } from '../../../src/core/browser.js';
import { useLang } from '../lang.js';

interface Props {
  readonly question: Question;
  readonly value: AnswerValue | undefined;
  readonly error: boolean;
  readonly onChange: (value: AnswerValue | undefined) => void;
}

const text = (t: { en: string; fr: string }, lang: Lang): string => t[lang];

export function QuestionField({ question: q, value, error, onChange }: Props) {
  const { lang, t } = useLang();
  const name = `q-${q.id}`;
  const errorId = `${name}-error`;
  const describedBy =
    [q.help === undefined ? '' : `${name}-help`, error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const radio = (id: string, label: string, checked: boolean, select: () => void) => (
    <label class="choice" key={id}>
      <input
        type="radio"
        name={name}
        value={id}
        checked={checked}
        onChange={select}
        aria-describedby={describedBy}
      />
      <span>{label}</span>
    </label>
  );
  const unknown =
    q.allowUnknown &&
    radio('unknown', t.flow.unknown, value === UNKNOWN_ANSWER, () => onChange(UNKNOWN_ANSWER));

  let body: preact.ComponentChildren;
  if (q.type === 'boolean') {
    body = (
      <>
        {radio('yes', t.flow.yes, value === true, () => onChange(true))}
        {radio('no', t.flow.no, value === false, () => onChange(false))}
        {unknown}
      </>
    );
  } else if (q.type === 'choice') {
    body = (
      <>
        {(q.options ?? []).map((o) => radio(o.id, text(o.text, lang), value === o.id, () => onChange(o.id)))}
        {unknown}
      </>
    );
  } else if (q.type === 'multi') {
    const chosen = Array.isArray(value) ? (value as readonly string[]) : [];
    const toggle = (id: string, exclusive: boolean, on: boolean) => {
      if (!on) {
        const rest = chosen.filter((c) => c !== id);
        onChange(rest.length === 0 ? undefined : rest);
        return;
      }
      const exclusiveIds = (q.options ?? []).filter((o) => o.exclusive === true).map((o) => o.id);
      onChange(exclusive ? [id] : [...chosen.filter((c) => !exclusiveIds.includes(c)), id]);
    };
    body = (
      <>
        {(q.options ?? []).map((o) => (
          <label class="choice" key={o.id}>
            <input
              type="checkbox"
              name={name}
              value={o.id}
              checked={chosen.includes(o.id)}
              onChange={(e) => toggle(o.id, o.exclusive === true, e.currentTarget.checked)}
              aria-describedby={describedBy}
            />
            <span>{text(o.text, lang)}</span>
          </label>
        ))}
        {q.allowUnknown && (
          <label class="choice">
            <input
              type="checkbox"
              name={name}
              value="unknown"
              checked={value === UNKNOWN_ANSWER}
              onChange={(e) => onChange(e.currentTarget.checked ? UNKNOWN_ANSWER : undefined)}
              aria-describedby={describedBy}
            />
            <span>{t.flow.unknown}</span>
          </label>
        )}
      </>
    );
  } else {
    const min = q.min ?? 0;
    const max = q.max ?? 999;
    body = (
      <>
        <label class="number">
          <span class="visually-hidden">{text(q.clinicianLabel, lang)}</span>
          <input
            type="number"
            name={name}
            inputMode="numeric"
            min={min}
            max={max}
            value={typeof value === 'number' ? value : ''}
            aria-describedby={[`${name}-hint`, describedBy].filter(Boolean).join(' ')}
            onInput={(e) => {
              const raw = e.currentTarget.value;
              const n = Number(raw);
              onChange(raw === '' || !Number.isFinite(n) || n < min || n > max ? undefined : n);
            }}
          />
          {q.unit && <span>{text(q.unit, lang)}</span>}
        </label>
        <p class="hint" id={`${name}-hint`}>
          {t.flow.numberHint(min, max)}
        </p>
        {q.allowUnknown && (
          <label class="choice">
            <input
              type="checkbox"
              name={`${name}-unknown`}
              checked={value === UNKNOWN_ANSWER}
              onChange={(e) => onChange(e.currentTarget.checked ? UNKNOWN_ANSWER : undefined)}
            />
            <span>{t.flow.unknown}</span>
          </label>
        )}
      </>
    );
  }

  return (
    <fieldset class={error ? 'question invalid' : 'question'} id={name}>
      <legend>{text(q.text, lang)}</legend>
      {q.help && (
        <p class="hint" id={`${name}-help`}>
          {text(q.help, lang)}
        </p>
      )}
      {error && (
        <p class="error" id={errorId}>
          {t.flow.required}
        </p>
      )}
      {body}
    </fieldset>
  );
}
