/**
 * What the person at the EHR reads when a launch cannot go on: a small page in their language (from
 * Accept-Language) that says what happened and what to do, or the same words as problem+json for a caller
 * that does not ask for HTML.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../../core/index.js';
import { escapeHtml } from '../../report/index.js';
import { requestLang } from '../http/lang.js';
import type { ProblemCode } from '../http/problem.js';
import { ProblemError, toProblem } from '../http/problem.js';
import type { SmartFailure } from './oauth.js';

interface Words {
  readonly title: string;
  readonly what: string;
}

const AGAIN: Readonly<Record<Lang, string>> = {
  en: "Open NeckCheck again from the patient's record in the EHR. If this keeps happening, tell your NeckCheck administrator.",
  fr: "Rouvrez NeckCheck depuis le dossier du patient dans le DPI. Si cela se reproduit, prévenez l'administrateur de NeckCheck.",
};

const WORDS: Readonly<Record<SmartFailure, Readonly<Record<Lang, Words>>>> = {
  iss_not_allowed: {
    en: {
      title: 'This EHR may not open NeckCheck',
      what: 'The health record system that opened NeckCheck is not on the list this NeckCheck server trusts. An administrator can add it (NECKCHECK_SMART_CLIENTS).',
    },
    fr: {
      title: "Ce DPI n'est pas autorisé à ouvrir NeckCheck",
      what: "Le dossier patient informatisé qui a ouvert NeckCheck ne fait pas partie de ceux auxquels ce serveur NeckCheck fait confiance. Un administrateur peut l'ajouter (NECKCHECK_SMART_CLIENTS).",
    },
  },
  launch_invalid: {
    en: {
      title: 'This link does not open NeckCheck',
      what: 'NeckCheck must be opened by the EHR, which adds the server (iss) and the launch to the link. This link lacks them.',
    },
    fr: {
      title: "Ce lien n'ouvre pas NeckCheck",
      what: 'NeckCheck doit être ouvert par le DPI, qui ajoute au lien le serveur (iss) et le lancement (launch). Ce lien ne les contient pas.',
    },
  },
  discovery_failed: {
    en: {
      title: "NeckCheck could not read the EHR's SMART configuration",
      what: 'The EHR did not answer with a usable .well-known/smart-configuration, so NeckCheck cannot ask it for access.',
    },
    fr: {
      title: 'NeckCheck n’a pas pu lire la configuration SMART du DPI',
      what: "Le DPI n'a pas fourni de .well-known/smart-configuration utilisable : NeckCheck ne peut pas lui demander d'accès.",
    },
  },
  pkce_unsupported: {
    en: {
      title: 'This EHR does not offer PKCE',
      what: 'NeckCheck only signs in with PKCE (S256), which SMART App Launch 2 requires; this EHR does not advertise it.',
    },
    fr: {
      title: 'Ce DPI ne propose pas PKCE',
      what: "NeckCheck ne se connecte qu'avec PKCE (S256), exigé par SMART App Launch 2 ; ce DPI ne l'annonce pas.",
    },
  },
  state_invalid: {
    en: {
      title: 'This sign-in from the EHR is not valid',
      what: 'It was started in another browser, has expired or was already used. Nothing was opened.',
    },
    fr: {
      title: "Cette connexion depuis le DPI n'est pas valable",
      what: 'Elle a été commencée dans un autre navigateur, a expiré ou a déjà servi. Rien n’a été ouvert.',
    },
  },
  authorization_refused: {
    en: {
      title: 'The EHR did not give NeckCheck access',
      what: 'The EHR refused or cancelled the authorisation.',
    },
    fr: {
      title: "Le DPI n'a pas donné accès à NeckCheck",
      what: "Le DPI a refusé ou annulé l'autorisation.",
    },
  },
  token_refused: {
    en: {
      title: 'The EHR refused to complete the sign-in',
      what: 'The EHR did not accept NeckCheck’s proof of this sign-in (authorization code or PKCE verifier). Nothing was opened.',
    },
    fr: {
      title: 'Le DPI a refusé de terminer la connexion',
      what: "Le DPI n'a pas accepté la preuve de connexion de NeckCheck (code d'autorisation ou vérificateur PKCE). Rien n'a été ouvert.",
    },
  },
  no_patient: {
    en: {
      title: 'The EHR opened NeckCheck without a patient',
      what: 'NeckCheck opens on one patient: the EHR sent no patient context.',
    },
    fr: {
      title: 'Le DPI a ouvert NeckCheck sans patient',
      what: "NeckCheck s'ouvre sur un patient : le DPI n'a envoyé aucun contexte patient.",
    },
  },
  patient_unreadable: {
    en: {
      title: 'NeckCheck could not read the patient from the EHR',
      what: 'The EHR did not return the patient it opened NeckCheck on.',
    },
    fr: {
      title: 'NeckCheck n’a pas pu lire le patient dans le DPI',
      what: "Le DPI n'a pas renvoyé le patient sur lequel il a ouvert NeckCheck.",
    },
  },
  ehr_unreachable: {
    en: {
      title: 'The EHR does not answer',
      what: 'NeckCheck could not reach the EHR in time. Try again in a moment.',
    },
    fr: {
      title: 'Le DPI ne répond pas',
      what: "NeckCheck n'a pas pu joindre le DPI à temps. Réessayez dans un instant.",
    },
  },
};

/** Refusals of what was sent are 400; an EHR that cannot be reached or read is 503 (try again). */
const CODE: Readonly<Record<SmartFailure, ProblemCode>> = {
  iss_not_allowed: 'bad_request',
  launch_invalid: 'bad_request',
  discovery_failed: 'unavailable',
  pkce_unsupported: 'bad_request',
  state_invalid: 'bad_request',
  authorization_refused: 'bad_request',
  token_refused: 'bad_request',
  no_patient: 'bad_request',
  patient_unreadable: 'unavailable',
  ehr_unreachable: 'unavailable',
};

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}h1{font-size:1.4rem}code{font-size:.9em}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

export function smartFailureText(failure: SmartFailure, lang: Lang): Words & { readonly again: string } {
  return { ...WORDS[failure][lang], again: AGAIN[lang] };
}

/** Sends the failure page (or problem) with its status; `ehrCode` is the EHR's OAuth error, if it gave one. */
export function sendFailure(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: SmartFailure,
  ehrCode?: string,
): FastifyReply {
  const lang = requestLang(request);
  const words = smartFailureText(failure, lang);
  const problem = toProblem(new ProblemError(CODE[failure], `${words.title}. ${words.what} ${words.again}`));
  const accept = request.headers.accept ?? '';
  reply.status(problem.status);
  if (!accept.includes('text/html'))
    return reply
      .type('application/problem+json')
      .send({ ...problem, ...(ehrCode ? { ehrError: ehrCode } : {}) });
  const code = ehrCode === undefined ? '' : `<p><code>${escapeHtml(ehrCode)}</code></p>`;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(words.title)} · NeckCheck</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.what)}</p>${code}<p>${escapeHtml(words.again)}</p></main></body></html>`;
  return reply
    .type('text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    )
    .send(html);
}
