/** The link between a client and a patient of an electronic health record (used by CDS Hooks calls). */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import { useLang } from '../lang.js';
import { failureText } from './failure.js';
import type { WorkspaceStrings } from './strings.js';
import { WORKSPACE_STRINGS } from './strings.js';

export interface EhrPatient {
  readonly system: string;
  readonly patientId: string;
}

/** What to tell staff when linking failed: the known conflict in their language, anything else as usual. */
export function linkFailure(error: unknown, s: WorkspaceStrings): string {
  if (error instanceof ApiError && error.status === 409) return s.ehr.conflict;
  return failureText(error, s);
}

export function EhrLinkSection({
  clientId,
  link,
  canLink,
  onChange,
}: {
  clientId: string;
  link: EhrPatient | null;
  /** Reception sees the link but may not change it (the server refuses). */
  canLink: boolean;
  onChange: () => void;
}) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const [problem, setProblem] = useState<string | undefined>();
  const save = async (ehrPatient: EhrPatient | null) => {
    setProblem(undefined);
    try {
      await api('PATCH', `/api/v1/clients/${clientId}`, { ehrPatient });
      onChange();
    } catch (error) {
      setProblem(linkFailure(error, s));
    }
  };
  return (
    <section>
      <h2>{s.ehr.title}</h2>
      {problem && <p role="alert">{problem}</p>}
      {!canLink ? (
        <>
          <p>
            {link === null ? (
              s.ehr.none
            ) : (
              <>
                {`${s.ehr.linked} `}
                <code>{link.patientId}</code>
                {` ${s.ehr.inSystem} `}
                <code>{link.system}</code>
              </>
            )}
          </p>
          <p class="hint">{s.ehr.clinicianOnly}</p>
        </>
      ) : link === null ? (
        <>
          <p>{s.ehr.none}</p>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              void save({
                system: String(form.get('system') ?? '').trim(),
                patientId: String(form.get('patientId') ?? '').trim(),
              });
            }}
          >
            <label class="field">
              <span>{s.ehr.system}</span>
              <input type="text" name="system" required maxLength={200} pattern="\S+" />
            </label>
            <label class="field">
              <span>{s.ehr.patientId}</span>
              <input type="text" name="patientId" required maxLength={64} pattern="[A-Za-z0-9\-.]{1,64}" />
            </label>
            <button type="submit">{s.ehr.link}</button>
          </form>
        </>
      ) : (
        <>
          <p>
            {`${s.ehr.linked} `}
            <code>{link.patientId}</code>
            {` ${s.ehr.inSystem} `}
            <code>{link.system}</code>
          </p>
          <button type="button" onClick={() => void save(null)}>
            {s.ehr.unlink}
          </button>
        </>
      )}
    </section>
  );
}
