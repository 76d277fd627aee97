/**
 * Adding a client: the short form on Today, and the page a CDS Hooks card opens
 * (`/app/clients/new?ehrSystem=…&ehrPatientId=…`), which links the new client to that EHR patient.
 */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { navigate } from '../router.js';
import type { EhrPatient } from './EhrLink.js';
import { linkFailure } from './EhrLink.js';
import { WORKSPACE_STRINGS } from './strings.js';

export function NewClientForm({ ehrPatient }: { ehrPatient?: EhrPatient }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const [problem, setProblem] = useState<string | undefined>();
  const addClient = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const birthYear = String(form.get('birthYear') ?? '');
    try {
      const created = await api<{ id: string }>('POST', '/api/v1/clients', {
        displayName: String(form.get('displayName') ?? ''),
        ...(birthYear === '' ? {} : { birthYear: Number(birthYear) }),
        ...(ehrPatient === undefined ? {} : { ehrPatient }),
      });
      navigate(`/app/clients/${created.id}`);
    } catch (error) {
      setProblem(linkFailure(error, s));
    }
  };
  return (
    <form onSubmit={addClient}>
      {problem && <p role="alert">{problem}</p>}
      <label class="field">
        <span>{s.today.name}</span>
        <input type="text" name="displayName" required maxLength={120} />
      </label>
      <label class="field">
        <span>{s.today.birthYear}</span>
        <input type="number" name="birthYear" min={1900} max={2100} />
      </label>
      <button type="submit">{s.today.add}</button>
    </form>
  );
}

/** The EHR patient named in the page's query string, when both parts are there. */
export function ehrPatientFromQuery(search: string): EhrPatient | undefined {
  const query = new URLSearchParams(search);
  const system = query.get('ehrSystem')?.trim() ?? '';
  const patientId = query.get('ehrPatientId')?.trim() ?? '';
  return system === '' || patientId === '' ? undefined : { system, patientId };
}

export function NewClientPage({ search }: { search: string }) {
  const { lang } = useLang();
  const s = WORKSPACE_STRINGS[lang];
  const ehrPatient = ehrPatientFromQuery(search);
  return (
    <>
      <h1>{s.ehr.newPage}</h1>
      {ehrPatient && (
        <>
          <p>
            {`${s.ehr.newFromEhr} `}
            <code>{ehrPatient.patientId}</code>
            {` ${s.ehr.inSystem} `}
            <code>{ehrPatient.system}</code>.
          </p>
          <p class="hint">{s.ehr.existing}</p>
        </>
      )}
      <NewClientForm {...(ehrPatient === undefined ? {} : { ehrPatient })} />
    </>
  );
}
