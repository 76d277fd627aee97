/**
 * The storage contract: one behaviour suite that every implementation of the port must pass (goal D-4).
 * Each test gets a fresh, migrated database from the factory and closes it afterwards.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { accountsContract } from './contract-accounts.js';
import { auditContract } from './contract-audit.js';
import { auditKeysContract, auditRetentionContract } from './contract-audit-keys.js';
import { cdsContract } from './contract-cds.js';
import { clientsContract } from './contract-clients.js';
import { clinicalContract } from './contract-clinical.js';
import { inputContract } from './contract-input.js';
import { integrityContract } from './contract-integrity.js';
import { kbVersionsContract } from './contract-kb-versions.js';
import { ruleSignoffsContract } from './contract-rule-signoffs.js';
import type { ContractFactory, ContractTarget } from './target.js';

export type { ContractFactory, ContractTarget } from './target.js';

export function storeContract(name: string, factory: ContractFactory): void {
  describe(`storage contract: ${name}`, () => {
    let target: ContractTarget | undefined;
    beforeEach(async () => {
      target = await factory();
    });
    afterEach(async () => {
      await target?.cleanup();
      target = undefined;
    });
    const current = (): ContractTarget => {
      if (target === undefined) throw new Error('no store: the factory failed');
      return target;
    };
    accountsContract(current);
    clientsContract(current);
    clinicalContract(current);
    inputContract(current);
    integrityContract(current);
    auditContract(current);
    auditKeysContract(current);
    auditRetentionContract(current);
    cdsContract(current);
    kbVersionsContract(current);
    ruleSignoffsContract(current);
  });
}
