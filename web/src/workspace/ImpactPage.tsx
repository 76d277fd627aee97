/**
 * Admin: impact analysis of a knowledge-base change on the clinic's own stored screenings. The server runs
 * it (src/core/impact on a worker thread); this page starts it, polls its progress every second and shows
 * the result as tables, by rule first, with the result as JSON to download.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ImpactTally } from '../../../src/core/impact/tally.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { SelectField } from '../ui/SelectField.js';
import { formatDate, useResource } from './data.js';
import { failureText } from './failure.js';
import type { WorkspaceStrings } from './strings.js';
import { WORKSPACE_STRINGS } from './strings.js';

type Direction = 'release_to_current' | 'current_to_release';
interface Edition {
  readonly version: string;
  readonly hash: string;
}
interface Run {
  readonly id: string;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  readonly direction: Direction;
  readonly from: Edition;
  readonly to: Edition;
  readonly startedAt: string;
  readonly done: number;
  readonly total: number;
  readonly tally: ImpactTally | null;
  readonly error: string | null;
}
interface Overview {
  readonly current: Edition | null;
  readonly releases: readonly Edition[];
  readonly screenings: number;
  readonly run: Run | null;
}

const URL = '/api/v1/admin/impact';
const POLL_MS = 1000;

const byCount = (counts: Readonly<Record<string, number>>): [string, number][] =>
  Object.entries(counts).sort(([, a], [, b]) => b - a);

function CountTable({ caption, head, rows }: { caption: string; head: string; rows: [string, number][] }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang].impact;
  if (rows.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{s.count}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, n]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Result({ run, s }: { run: Run; s: WorkspaceStrings['impact'] }) {
  const t = run.tally;
  if (t === null) return null;
  const rules = Object.entries(t.rules).sort(
    ([, a], [, b]) => b.dispositionChanged + b.techniqueChanged - (a.dispositionChanged + a.techniqueChanged),
  );
  const techniques = Object.entries(t.techniques).flatMap(([id, changes]) =>
    byCount(changes).map(([k, n]): [string, number] => [`${id}: ${k}`, n]),
  );
  const download = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(run, null, 2))}`;
  return (
    <section aria-labelledby="impact-result">
      <h2 id="impact-result">{s.result(run.from.version, run.to.version)}</h2>
      <dl class="impact-summary">
        <dt>{s.screenings}</dt>
        <dd>{t.screenings}</dd>
        <dt>{s.changed}</dt>
        <dd>{t.changed}</dd>
        <dt>{s.dispositionChanged}</dt>
        <dd>{t.dispositionChanged}</dd>
        <dt>{s.techniqueChanged}</dt>
        <dd>{t.techniqueChanged}</dd>
        <dt>{s.stricter}</dt>
        <dd>{t.directions.stricter}</dd>
        <dt>{s.permissive}</dt>
        <dd>{t.directions.more_permissive}</dd>
        <dt>{s.invalid}</dt>
        <dd>{t.invalid}</dd>
        <dt>{s.narrowed}</dt>
        <dd>{t.narrowed}</dd>
      </dl>
      <p>
        <a href={download} download={`impact-${run.from.version}-${run.to.version}.json`}>
          {s.download}
        </a>
      </p>
      {t.changed === 0 ? (
        <p>{s.noChange}</p>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <caption>{s.byRule}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.rule}</th>
                  <th scope="col">{s.ruleColumns.disposition}</th>
                  <th scope="col">{s.ruleColumns.how}</th>
                  <th scope="col">{s.ruleColumns.technique}</th>
                  <th scope="col">{s.ruleColumns.involvement}</th>
                </tr>
              </thead>
              <tbody>
                {rules.map(([id, r]) => (
                  <tr key={id}>
                    <th scope="row">{id}</th>
                    <td>{r.dispositionChanged}</td>
                    <td>
                      {byCount(r.dispositions)
                        .map(([k, n]) => `${k} ${n}`)
                        .join(', ') || '—'}
                    </td>
                    <td>{r.techniqueChanged}</td>
                    <td>{`${r.added} / ${r.removed} / ${r.changed}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CountTable caption={s.dispositions} head={s.ruleColumns.how} rows={byCount(t.dispositions)} />
          <CountTable caption={s.techniques} head={s.ruleColumns.how} rows={techniques} />
        </>
      )}
    </section>
  );
}

export function ImpactPage() {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const overview = useResource<Overview>(URL);
  const [message, setMessage] = useState<string | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();
  const run = overview.data?.run ?? null;
  const running = run?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(overview.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, run?.done, overview.reload, overview.data]);
  const data = overview.data;
  if (data === undefined) return <p>…</p>;
  const current = data.current?.version ?? '?';
  const release = chosen ?? data.releases[0]?.version ?? '?';
  return (
    <>
      <h1>{s.impact.title}</h1>
      <p>{s.impact.intro(data.screenings)}</p>
      {data.releases.length === 0 ? (
        <p>{s.impact.none}</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const f = new FormData(event.currentTarget as HTMLFormElement);
            setMessage(undefined);
            api('POST', URL, {
              release: String(f.get('release')),
              direction: String(f.get('direction')),
            }).then(
              () => overview.reload(),
              (e: unknown) => setMessage(failureText(e, s)),
            );
          }}
        >
          <SelectField label={s.impact.release} name="release" onChange={setChosen}>
            {data.releases.map((r) => (
              <option key={r.hash} value={r.version}>
                {r.version}
              </option>
            ))}
          </SelectField>
          <fieldset>
            <legend>{s.impact.direction}</legend>
            {(['release_to_current', 'current_to_release'] as const).map((d, i) => (
              <label class="choice" key={d}>
                <input type="radio" name="direction" value={d} defaultChecked={i === 0} />
                <span>{s.impact.directions[d](release, current)}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={running}>
            {s.impact.run}
          </button>
        </form>
      )}
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      {run !== null && (
        <>
          <p class="hint">{s.impact.startedAt(formatDate(run.startedAt, lang))}</p>
          {running && (
            <div role="status">
              <label>
                {s.impact.running(run.done, run.total)}{' '}
                <progress max={Math.max(1, run.total)} value={run.done} aria-label={s.impact.progress} />
              </label>
            </div>
          )}
          {run.state === 'failed' && (
            <p class="error" role="alert">{`${s.impact.failed} ${run.error ?? ''}`}</p>
          )}
          {run.state === 'cancelled' && <p role="status">{s.impact.cancelled}</p>}
          {run.state === 'done' && <Result run={run} s={s.impact} />}
        </>
      )}
    </>
  );
}
