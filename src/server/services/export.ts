import type { Id } from '../../store/types.js';
import type { AppDeps } from '../deps.js';

/** Everything stored about one client, in one JSON document; undefined when not in this clinic. */
export async function clientExport(
  deps: AppDeps,
  clinicId: Id,
  clientId: Id,
): Promise<Record<string, unknown> | undefined> {
  const client = await deps.store.clients.get(clinicId, clientId);
  if (client === undefined) return undefined;
  const [intakes, screenings, consents, treatments, adverseEvents] = await Promise.all([
    deps.store.intakes.listForClient(clinicId, clientId),
    deps.store.screenings.listForClient(clinicId, clientId),
    deps.store.consents.listForClient(clinicId, clientId),
    deps.store.treatments.listForClient(clinicId, clientId),
    deps.store.adverseEvents.listForClient(clinicId, clientId),
  ]);
  const reviews = (
    await Promise.all(screenings.map((s) => deps.store.reviews.listForScreening(clinicId, s.id)))
  ).flat();
  return {
    format: 'neckcheck-client-export',
    version: 1,
    exportedAt: deps.now().toISOString(),
    client,
    intakes: intakes.map(({ tokenHash: _secret, ...intake }) => intake),
    screenings,
    reviews,
    consents,
    treatments,
    adverseEvents,
  };
}
