/** Loads a screening with its client, clinic, staff, reviews, consents and effective decisions. */
import type { ScreeningRecord } from '../../clinic/index.js';
import {
  answerChanges,
  checkClearance,
  currencyOf,
  effectiveTechniques,
  screeningSteps,
} from '../../clinic/index.js';
import type { Repos } from '../../store/port.js';
import type { Id } from '../../store/types.js';
import type { AppDeps } from '../deps.js';

export async function loadScreeningRecord(
  deps: AppDeps,
  repos: Repos,
  clinicId: Id,
  screeningId: Id,
): Promise<ScreeningRecord | undefined> {
  const screening = await repos.screenings.get(clinicId, screeningId);
  if (screening === undefined) return undefined;
  const [basedOn, client, clinic, reviews, consents, history, users] = await Promise.all([
    screening.basedOn === null ? undefined : repos.screenings.get(clinicId, screening.basedOn),
    repos.clients.get(clinicId, screening.clientId),
    repos.clinics.get(clinicId),
    repos.reviews.listForScreening(clinicId, screeningId),
    repos.consents.listForClient(clinicId, screening.clientId),
    repos.screenings.listForClient(clinicId, screening.clientId),
    repos.users.list(clinicId),
  ]);
  if (client === undefined || clinic === undefined) return undefined;
  const own = consents.filter((c) => c.screeningId === screeningId);
  const mentioned = new Set<string>([
    ...reviews.map((r) => r.userId),
    ...own.flatMap((c) => (c.recordedBy === null ? [] : [c.recordedBy])),
    ...[screening, basedOn].flatMap((s) => (s?.submittedBy.kind === 'user' ? [s.submittedBy.userId] : [])),
  ]);
  return {
    screening,
    basedOn: basedOn ?? null,
    client: { id: client.id, displayName: client.displayName, birthYear: client.birthYear },
    clinic: { id: clinic.id, name: clinic.name },
    people: users
      .filter((u) => mentioned.has(u.id))
      .map((u) => ({ id: u.id, name: u.name, role: u.role, profession: u.profession })),
    reviews,
    consents: own,
    effective: effectiveTechniques(screening.assessment, reviews),
    steps: screeningSteps(screening, basedOn, reviews),
    changes: basedOn === undefined ? [] : answerChanges(basedOn.answers, screening.answers),
    currency: currencyOf(screening, history.at(-1), deps.now().toISOString()),
    clearanceRequired: !checkClearance(screening, history, reviews).ok,
  };
}
