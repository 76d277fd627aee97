import type { FastifyRequest } from 'fastify';
import { recordHash } from '../../store/audit-chain.js';
import type { Repos } from '../../store/port.js';
import type { AuditedRecord, AuditOutcome, Id, Review, Screening } from '../../store/types.js';
import type { AppDeps } from '../deps.js';

export interface AuditInput {
  readonly action: string;
  readonly resourceType?: string;
  readonly resourceId?: Id | null;
  readonly outcome?: AuditOutcome;
  readonly clinicId?: Id | null;
  readonly actor?: string;
  /** The screening or review this entry records: its content hash goes into the chain. */
  readonly record?: AuditedRecord;
}

/** A screening or review as an audit entry records it: its content hash and its client. */
export const recorded = (record: Screening | Review, clientId: Id): AuditedRecord => ({
  hash: recordHash(record),
  clientId,
});

/** Appends one audit entry for this request; pass the transaction's repos to commit it with the change. */
export async function audit(
  deps: AppDeps,
  request: FastifyRequest,
  input: AuditInput,
  repos: Repos = deps.store,
): Promise<void> {
  await repos.audit.append({
    at: deps.now().toISOString(),
    clinicId: input.clinicId ?? request.auth?.clinicId ?? null,
    actor: input.actor ?? request.auth?.actor ?? 'anonymous',
    action: input.action,
    resourceType: input.resourceType ?? null,
    resourceId: input.resourceId ?? null,
    outcome: input.outcome ?? 'success',
    requestId: request.id,
    ip: request.ip,
    record: input.record ?? null,
  });
}
