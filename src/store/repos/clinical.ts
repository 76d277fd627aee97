/** Screenings, reviews, consents, treatments and adverse events. */
import type { Selectable } from 'kysely';
import type { KnowledgeBase } from '../../core/index.js';
import { toOutcome } from '../../core/index.js';
import { page, timestamp, toJson } from '../codec.js';
import { guarded } from '../errors.js';
import type { AdverseEventRepo, ConsentRepo, ReviewRepo, ScreeningRepo, TreatmentRepo } from '../port.js';
import { toAdverseEvent, toConsent, toReview, toScreening, toScreeningRef, toTreatment } from '../rows.js';
import type { ScreeningsTable } from '../schema.js';
import type { Screening } from '../types.js';
import type { RepoContext } from './context.js';
import { newId } from './context.js';
import type { KbVersionScope } from './kb-versions.js';

export function screeningRepo({ db, kbSnapshots }: RepoContext, kbVersions: KbVersionScope): ScreeningRepo {
  /** The rows as records, each outcome expanded with its stored knowledge base (loaded once per hash). */
  const records = async (rows: readonly Selectable<ScreeningsTable>[]): Promise<Screening[]> => {
    const kbs = new Map<string, KnowledgeBase>();
    for (const row of rows) {
      if (row.outcome === null || kbs.has(row.kb_hash)) continue;
      const kb = await kbSnapshots.load(db, row.kb_hash);
      if (kb !== undefined) kbs.set(row.kb_hash, kb);
    }
    return rows.map((row) => toScreening(row, kbs));
  };
  const record = async (row: Selectable<ScreeningsTable> | undefined): Promise<Screening | undefined> =>
    row === undefined ? undefined : (await records([row]))[0];
  /** A client's latest screening: the last submitted, ties broken by id (the same order as listForClient). */
  const latestOf = (clinicId: string, clientId: string) =>
    db
      .selectFrom('screenings')
      .where('clinic_id', '=', clinicId)
      .where('client_id', '=', clientId)
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1);
  return {
    async create(screening) {
      // Compact only when the snapshot is stored and the assessment names the screening's knowledge base.
      const compact =
        kbVersions.hasSnapshot(screening.kbHash) && screening.assessment.kb.hash === screening.kbHash;
      const row = {
        id: newId(),
        clinic_id: screening.clinicId,
        client_id: screening.clientId,
        moment: screening.moment,
        answers: toJson(screening.answers, 'answers'),
        assessment: compact ? null : toJson(screening.assessment, 'assessment'),
        outcome: compact ? toJson(toOutcome(screening.assessment), 'outcome') : null,
        disposition: screening.disposition,
        kb_version: screening.kbVersion,
        kb_hash: screening.kbHash,
        submitted_by: toJson(screening.submittedBy, 'submittedBy'),
        submitted_at: timestamp(screening.submittedAt, 'submittedAt'),
        valid_until: timestamp(screening.validUntil, 'validUntil'),
        based_on: screening.basedOn,
      };
      try {
        await guarded('screenings.create', () => db.insertInto('screenings').values(row).execute());
      } catch (error) {
        // The snapshot may have gone with a rolled-back transaction: look for it again next time.
        if (compact) kbVersions.forget(screening.kbHash);
        throw error;
      }
      // Returned as read back, so that the caller sees exactly what the store will return later.
      return (await record(row)) as Screening;
    },
    async get(clinicId, id) {
      const row = await db
        .selectFrom('screenings')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .executeTakeFirst();
      return record(row);
    },
    async listForClient(clinicId, clientId) {
      const rows = await db
        .selectFrom('screenings')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('client_id', '=', clientId)
        .orderBy('submitted_at')
        .orderBy('id')
        .execute();
      return records(rows);
    },
    async latestForClient(clinicId, clientId) {
      return record(await latestOf(clinicId, clientId).selectAll().executeTakeFirst());
    },
    async latestRefForClient(clinicId, clientId) {
      const row = await latestOf(clinicId, clientId)
        .select(['id', 'moment', 'disposition', 'submitted_at', 'valid_until'])
        .executeTakeFirst();
      return row && toScreeningRef(row);
    },
    async listUnreviewed(clinicId, query) {
      const { limit, offset } = page(query);
      const rows = await db
        .selectFrom('screenings as s')
        .selectAll('s')
        .where('s.clinic_id', '=', clinicId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('reviews as r')
                .select('r.id')
                .whereRef('r.clinic_id', '=', 's.clinic_id')
                .whereRef('r.screening_id', '=', 's.id'),
            ),
          ),
        )
        .orderBy((eb) =>
          eb
            .case()
            .when('s.disposition', '=', 'emergency')
            .then(0)
            .when('s.disposition', '=', 'refer')
            .then(1)
            .when('s.disposition', '=', 'incomplete')
            .then(2)
            .when('s.disposition', '=', 'precautions')
            .then(3)
            .else(4)
            .end(),
        )
        .orderBy('s.submitted_at', 'desc')
        .orderBy('s.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return records(rows);
    },
    async listRecheckDue(clinicId, before, query) {
      timestamp(before, 'before');
      const { limit, offset } = page(query);
      const rows = await db
        .selectFrom('screenings as s')
        .selectAll('s')
        .where('s.clinic_id', '=', clinicId)
        .where('s.valid_until', '<=', before)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('screenings as later')
                .select('later.id')
                .whereRef('later.clinic_id', '=', 's.clinic_id')
                .whereRef('later.client_id', '=', 's.client_id')
                .where((eb) =>
                  eb.or([
                    eb('later.submitted_at', '>', eb.ref('s.submitted_at')),
                    eb.and([
                      eb('later.submitted_at', '=', eb.ref('s.submitted_at')),
                      eb('later.id', '>', eb.ref('s.id')),
                    ]),
                  ]),
                ),
            ),
          ),
        )
        .orderBy('s.valid_until')
        .orderBy('s.id')
        .limit(limit)
        .offset(offset)
        .execute();
      return records(rows);
    },
    async listRecent(clinicId, query) {
      const { limit, offset } = page(query);
      const rows = await db
        .selectFrom('screenings')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .orderBy('submitted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return records(rows);
    },
    async count(clinicId) {
      const { n } = await db
        .selectFrom('screenings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('clinic_id', '=', clinicId)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async answersPage(after, limit, clinicId) {
      let query = db
        .selectFrom('screenings')
        .select(['id', 'clinic_id', 'answers', 'kb_hash'])
        .orderBy('id')
        .limit(limit);
      if (after !== undefined) query = query.where('id', '>', after);
      if (clinicId !== undefined) query = query.where('clinic_id', '=', clinicId);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        clinicId: r.clinic_id,
        answersJson: r.answers,
        kbHash: r.kb_hash,
      }));
    },
    async countAnswers(clinicId) {
      let query = db.selectFrom('screenings').select((eb) => eb.fn.countAll().as('n'));
      if (clinicId !== undefined) query = query.where('clinic_id', '=', clinicId);
      const { n } = await query.executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}

export function reviewRepo({ db }: RepoContext): ReviewRepo {
  return {
    async create(review) {
      const row = {
        id: newId(),
        clinic_id: review.clinicId,
        screening_id: review.screeningId,
        user_id: review.userId,
        kind: review.kind,
        note: review.note,
        technique_id: review.kind === 'override' ? review.techniqueId : null,
        decision: review.kind === 'override' ? review.decision : null,
        reason_code: review.kind === 'override' ? review.reasonCode : null,
        reason_text: review.kind === 'override' ? review.reasonText : null,
        created_at: timestamp(review.createdAt, 'createdAt'),
      };
      await guarded('reviews.create', () => db.insertInto('reviews').values(row).execute());
      return toReview(row);
    },
    async get(clinicId, id) {
      const row = await db
        .selectFrom('reviews')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toReview(row);
    },
    async listForScreening(clinicId, screeningId) {
      const rows = await db
        .selectFrom('reviews')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('screening_id', '=', screeningId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toReview);
    },
  };
}

export function consentRepo({ db }: RepoContext): ConsentRepo {
  return {
    async create(consent) {
      const row = {
        id: newId(),
        clinic_id: consent.clinicId,
        client_id: consent.clientId,
        screening_id: consent.screeningId,
        techniques: toJson(consent.techniques, 'techniques'),
        lang: consent.lang,
        text_shown: consent.textShown,
        signer_name: consent.signerName,
        signed_at: timestamp(consent.signedAt, 'signedAt'),
        recorded_by: consent.recordedBy,
        signature: consent.signature,
      };
      await guarded('consents.create', () => db.insertInto('consents').values(row).execute());
      return toConsent(row);
    },
    async get(clinicId, id) {
      const row = await db
        .selectFrom('consents')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toConsent(row);
    },
    async listForClient(clinicId, clientId) {
      const rows = await db
        .selectFrom('consents')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('client_id', '=', clientId)
        .orderBy('signed_at')
        .orderBy('id')
        .execute();
      return rows.map(toConsent);
    },
  };
}

export function treatmentRepo({ db }: RepoContext): TreatmentRepo {
  const list = (clinicId: string) =>
    db
      .selectFrom('treatments')
      .selectAll()
      .where('clinic_id', '=', clinicId)
      .orderBy('created_at')
      .orderBy('id');
  return {
    async create(treatment) {
      const row = {
        id: newId(),
        clinic_id: treatment.clinicId,
        client_id: treatment.clientId,
        screening_id: treatment.screeningId,
        practitioner_id: treatment.practitionerId,
        date: treatment.date,
        techniques: toJson(treatment.techniques, 'techniques'),
        created_at: timestamp(treatment.createdAt, 'createdAt'),
      };
      await guarded('treatments.create', () => db.insertInto('treatments').values(row).execute());
      return toTreatment(row);
    },
    async get(clinicId, id) {
      const row = await db
        .selectFrom('treatments')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toTreatment(row);
    },
    async listForClient(clinicId, clientId) {
      return (await list(clinicId).where('client_id', '=', clientId).execute()).map(toTreatment);
    },
    async listForClinic(clinicId, since) {
      const rows = await list(clinicId).where('created_at', '>=', timestamp(since, 'since')).execute();
      return rows.map(toTreatment);
    },
  };
}

export function adverseEventRepo({ db }: RepoContext): AdverseEventRepo {
  const list = (clinicId: string) =>
    db
      .selectFrom('adverse_events')
      .selectAll()
      .where('clinic_id', '=', clinicId)
      .orderBy('created_at')
      .orderBy('id');
  return {
    async create(event) {
      const row = {
        id: newId(),
        clinic_id: event.clinicId,
        client_id: event.clientId,
        treatment_id: event.treatmentId,
        technique_id: event.techniqueId,
        onset: timestamp(event.onset, 'onset'),
        symptoms: event.symptoms,
        severity: event.severity,
        action_taken: event.actionTaken,
        follow_up: event.followUp,
        reported_by: event.reportedBy,
        created_at: timestamp(event.createdAt, 'createdAt'),
        triage_screening_id: event.triageScreeningId,
      };
      await guarded('adverse_events.create', () => db.insertInto('adverse_events').values(row).execute());
      return toAdverseEvent(row);
    },
    async get(clinicId, id) {
      const row = await db
        .selectFrom('adverse_events')
        .selectAll()
        .where('clinic_id', '=', clinicId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toAdverseEvent(row);
    },
    async listForClient(clinicId, clientId) {
      return (await list(clinicId).where('client_id', '=', clientId).execute()).map(toAdverseEvent);
    },
    async listForClinic(clinicId, since) {
      const rows = await list(clinicId).where('created_at', '>=', timestamp(since, 'since')).execute();
      return rows.map(toAdverseEvent);
    },
  };
}
