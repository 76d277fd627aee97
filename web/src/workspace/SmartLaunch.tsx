/**
 * Where an EHR launch (SMART on FHIR) lands after the server has read the patient from the EHR: the client
 * linked to that patient opens straight into the in-room screening; a patient NeckCheck does not know yet
 * is offered as a new client, prefilled from the EHR, which the practitioner confirms or corrects. The
 * patient comes from the server (a sealed cookie); the EHR's token never reaches this page.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../../../src/core/browser.js';
import { api } from '../api.js';
import { useLang } from '../lang.js';
import { Link, navigate } from '../router.js';
import type { Me } from './data.js';
import { useResource } from './data.js';
import { linkFailure } from './EhrLink.js';
import { WORKSPACE_STRINGS } from './strings.js';

interface Launch {
  readonly patient: {
    readonly system: string;
    readonly patientId: string;
    readonly name: string | null;
    readonly birthDate: string | null;
    readonly birthYear: number | null;
  };
  readonly ehrUser: string | null;
  readonly client: { readonly id: string; readonly displayName: string } | null;
}

const en = {
  title: 'Opened from the EHR',
  opening: (name: string) => `Opening the screening of ${name}…`,
  none: 'No EHR launch is waiting in this browser, or it has expired (after 15 minutes). Open NeckCheck again from the patient’s record in the EHR.',
  otherClinic:
    'This EHR launch is for another clinic than the one you are logged in to. Log out, then log in with an account of that clinic and open NeckCheck from the EHR again.',
  reception:
    'Only practitioners and administrators can open a screening from the EHR. Ask a practitioner to open NeckCheck from the EHR.',
  newPatient: 'This patient is not a client of your clinic in NeckCheck yet.',
  fromEhr: 'The EHR says:',
  name: 'Name',
  birthDate: 'Date of birth',
  patientId: 'Patient id in the EHR',
  confirm:
    'Check the name (you may shorten it or use a pseudonym) and the year of birth, then add the client. It will be linked to this EHR patient.',
  displayName: 'Name or pseudonym',
  birthYear: 'Year of birth',
  add: 'Add client and start the screening',
  cancel: 'Cancel',
  existing:
    'Already a client under another name? Cancel, open their page and link them to this EHR patient there (patient id above).',
  back: 'Go to Today',
};
type SmartStrings = typeof en;

const fr: SmartStrings = {
  title: 'Ouvert depuis le DPI',
  opening: (name) => `Ouverture du dépistage de ${name}…`,
  none: 'Aucun lancement depuis le DPI n’attend dans ce navigateur, ou il a expiré (après 15 minutes). Rouvrez NeckCheck depuis le dossier du patient dans le DPI.',
  otherClinic:
    'Ce lancement depuis le DPI concerne une autre clinique que celle où vous êtes connecté. Déconnectez-vous, connectez-vous avec un compte de cette clinique et rouvrez NeckCheck depuis le DPI.',
  reception:
    'Seuls les praticiens et les administrateurs peuvent ouvrir un dépistage depuis le DPI. Demandez à un praticien d’ouvrir NeckCheck depuis le DPI.',
  newPatient: 'Ce patient n’est pas encore un client de votre clinique dans NeckCheck.',
  fromEhr: 'Le DPI indique :',
  name: 'Nom',
  birthDate: 'Date de naissance',
  patientId: 'Identifiant du patient dans le DPI',
  confirm:
    'Vérifiez le nom (vous pouvez l’abréger ou utiliser un pseudonyme) et l’année de naissance, puis ajoutez le client. Il sera lié à ce patient du DPI.',
  displayName: 'Nom ou pseudonyme',
  birthYear: 'Année de naissance',
  add: 'Ajouter le client et commencer le dépistage',
  cancel: 'Annuler',
  existing:
    'Déjà client sous un autre nom ? Annulez, ouvrez sa fiche et liez-la à ce patient du DPI (identifiant ci-dessus).',
  back: 'Aller à Aujourd’hui',
};

export const SMART_STRINGS: Readonly<Record<Lang, SmartStrings>> = { en, fr };

const inRoom = (clientId: string) => `/app/clients/${clientId}/in-room`;

function NewClientFromEhr({ launch }: { launch: Launch }) {
  const { lang } = useLang();
  const t = SMART_STRINGS[lang];
  const s = WORKSPACE_STRINGS[lang];
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { patient } = launch;
  const add = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const birthYear = String(form.get('birthYear') ?? '');
    setBusy(true);
    setProblem(undefined);
    try {
      const created = await api<{ id: string }>('POST', '/api/v1/smart/launch/client', {
        displayName: String(form.get('displayName') ?? ''),
        ...(birthYear === '' ? {} : { birthYear: Number(birthYear) }),
      });
      navigate(inRoom(created.id));
    } catch (error) {
      setProblem(linkFailure(error, s));
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t.newPatient}</p>
      <p>{t.fromEhr}</p>
      <dl>
        <dt>{t.name}</dt>
        <dd>{patient.name ?? '—'}</dd>
        <dt>{t.birthDate}</dt>
        <dd>{patient.birthDate ?? '—'}</dd>
        <dt>{t.patientId}</dt>
        <dd>
          <code>{patient.patientId}</code>
        </dd>
      </dl>
      <p class="hint">{t.confirm}</p>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <form onSubmit={add}>
        <label class="field">
          <span>{t.displayName}</span>
          <input type="text" name="displayName" required maxLength={120} value={patient.name ?? ''} />
        </label>
        <label class="field">
          <span>{t.birthYear}</span>
          <input type="number" name="birthYear" min={1900} max={2100} value={patient.birthYear ?? ''} />
        </label>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t.add}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={async () => {
              await api('DELETE', '/api/v1/smart/launch').catch(() => undefined);
              navigate('/app');
            }}
          >
            {t.cancel}
          </button>
        </div>
      </form>
      <p class="hint">{t.existing}</p>
    </>
  );
}

function OpenLinked({ client }: { client: { id: string; displayName: string } }) {
  const { lang } = useLang();
  useEffect(() => {
    // The launch has done its work once the client is known: it ends before the screening opens.
    api('DELETE', '/api/v1/smart/launch')
      .catch(() => undefined)
      .then(() => navigate(inRoom(client.id)));
  }, [client.id]);
  return <p role="status">{SMART_STRINGS[lang].opening(client.displayName)}</p>;
}

export function SmartLaunchPage({ me }: { me: Me }) {
  const { lang, t: common } = useLang();
  const t = SMART_STRINGS[lang];
  const reception = me.user.role === 'reception';
  const loaded = useResource<{ launch: Launch | null }>(reception ? undefined : '/api/v1/smart/launch');
  let body: preact.ComponentChildren;
  if (reception) body = <p role="alert">{t.reception}</p>;
  else if (loaded.error?.status === 403) body = <p role="alert">{t.otherClinic}</p>;
  else if (loaded.error !== undefined)
    body = (
      <p class="error" role="alert">
        {linkFailure(loaded.error, WORKSPACE_STRINGS[lang])}
      </p>
    );
  else if (loaded.data === undefined) body = <p>{common.flow.loading}</p>;
  else if (loaded.data.launch === null) body = <p role="alert">{t.none}</p>;
  else if (loaded.data.launch.client !== null) body = <OpenLinked client={loaded.data.launch.client} />;
  else body = <NewClientFromEhr launch={loaded.data.launch} />;
  return (
    <>
      <h1>{t.title}</h1>
      {body}
      {(reception || loaded.error !== undefined || loaded.data?.launch === null) && (
        <p>
          <Link href="/app">{t.back}</Link>
        </p>
      )}
    </>
  );
}
