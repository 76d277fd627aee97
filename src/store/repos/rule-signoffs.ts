/** A clinic's sign-offs of knowledge-base rules: appended, never changed (ADR 0019). */
import { timestamp } from '../codec.js';
import { guarded } from '../errors.js';
import type { RuleSignoffRepo } from '../port.js';
import { toRuleSignoff } from '../rows.js';
import type { RepoContext } from './context.js';
import { newId } from './context.js';

export function ruleSignoffRepo({ db }: RepoContext): RuleSignoffRepo {
  return {
    async create(signoff) {
      const row = {
        id: newId(),
        clinic_id: signoff.clinicId,
        rule_id: signoff.ruleId,
        rule_version: signoff.ruleVersion,
        kb_hash: signoff.kbHash,
        user_id: signoff.userId,
        verdict: signoff.verdict,
        comment: signoff.comment,
        signed_at: timestamp(signoff.signedAt, 'signedAt'),
        supersedes: signoff.supersedes,
      };
      await guarded('rule_signoffs.create', () => db.insertInto('rule_signoffs').values(row).execute());
      return toRuleSignoff(row);
    },
    async list(clinicId, ruleId) {
      let query = db.selectFrom('rule_signoffs').selectAll().where('clinic_id', '=', clinicId);
      if (ruleId !== undefined) query = query.where('rule_id', '=', ruleId);
      const rows = await query.orderBy('signed_at').orderBy('id').execute();
      return rows.map(toRuleSignoff);
    },
  };
}
