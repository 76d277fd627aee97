/**
 * The password policy (ASVS 5.0 6.2, ADR 0013): 12 to 128 characters, no composition rules, and strong
 * enough by zxcvbn-ts (score 3 of 4 or more) against its English, French and common-password dictionaries
 * and the user's own e-mail, name and clinic. The dictionaries weigh several megabytes: they are loaded on
 * the first check, on the server only.
 */
import type { Lang } from '../../core/index.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const MIN_PASSWORD_SCORE = 3;

/** What the user's password must not be built from: their e-mail, name and clinic's name. */
export interface PasswordOwner {
  readonly email: string;
  readonly name: string;
  readonly clinicName: string;
}

export interface PasswordRejection {
  readonly code: 'password_too_short' | 'password_too_long' | 'password_too_weak';
  readonly message: Readonly<Record<Lang, string>>;
}

interface Strength {
  readonly score: number;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}
type Feedback = Readonly<Record<'warnings' | 'suggestions', Readonly<Record<string, string>>>>;
interface Estimator {
  readonly estimate: (password: string, userInputs: string[]) => Strength;
  readonly feedback: Readonly<Record<Lang, Feedback>>;
}

let estimator: Promise<Estimator> | undefined;

function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [core, common, en, fr] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-fr'),
    ]);
    // No translations: feedback comes back as keys, which are then worded in the caller's language.
    // Levenshtein matching is off: it made one check take up to 0.8 s of CPU, for little gain.
    const factory = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
      graphs: common.adjacencyGraphs,
      useLevenshteinDistance: false,
    });
    return {
      estimate: (password, userInputs) => {
        const result = factory.check(password, userInputs);
        return {
          score: result.score,
          warning: result.feedback.warning,
          suggestions: result.feedback.suggestions,
        };
      },
      feedback: { en: en.translations, fr: fr.translations },
    };
  })();
  return estimator;
}

/** The parts of the owner's identity a password must not lean on, as zxcvbn's user inputs. */
function userInputs(owner: PasswordOwner): string[] {
  const email = owner.email.toLowerCase();
  const [local = '', domain = ''] = email.split('@');
  const words = [owner.name, owner.clinicName, local, ...local.split(/[._+-]/), domain.split('.')[0] ?? '']
    .flatMap((part) => [part, part.replace(/\s+/g, ''), ...part.split(/\s+/)])
    .filter((part) => part.length >= 3);
  return [email, ...new Set(words.map((w) => w.toLowerCase()))];
}

const WEAK: Readonly<Record<Lang, string>> = {
  en: 'This password is too easy to guess. Choose a longer one, for example a few unrelated words.',
  fr: 'Ce mot de passe est trop facile à deviner. Choisissez-en un plus long, par exemple quelques mots sans rapport entre eux.',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function worded(strength: Strength, feedback: Feedback, lang: Lang): string {
  const parts = [
    WEAK[lang],
    ...(strength.warning === null ? [] : [feedback.warnings[strength.warning]]),
    ...strength.suggestions.map((key) => feedback.suggestions[key]),
  ].filter((part): part is string => part !== undefined && part !== '');
  return [...new Set(parts.map(sentence))].join(' ');
}

/** Why the password is refused, in English and French; undefined when it is accepted. */
export async function passwordRejection(
  password: string,
  owner: PasswordOwner,
): Promise<PasswordRejection | undefined> {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return {
      code: 'password_too_short',
      message: {
        en: `The password must have at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good one.`,
        fr: `Le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères ; quelques mots sans rapport entre eux en font un bon.`,
      },
    };
  if (length > MAX_PASSWORD_LENGTH)
    return {
      code: 'password_too_long',
      message: {
        en: `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
        fr: `Le mot de passe doit compter au plus ${MAX_PASSWORD_LENGTH} caractères.`,
      },
    };
  const { estimate, feedback } = await loadEstimator();
  const strength = estimate(password, userInputs(owner));
  if (strength.score >= MIN_PASSWORD_SCORE) return undefined;
  return {
    code: 'password_too_weak',
    message: { en: worded(strength, feedback.en, 'en'), fr: worded(strength, feedback.fr, 'fr') },
  };
}
