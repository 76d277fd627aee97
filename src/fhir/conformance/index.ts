/**
 * Every conformance resource NeckCheck's FHIR resources refer to, generated from the knowledge base, and
 * how the server finds them: by type and id, or by canonical URL (and version).
 */
import type { CodeSystem, OperationDefinition, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import type { KnowledgeBase } from '../../core/index.js';
import { codeSystems } from './code-systems.js';
import type { ConformanceType } from './metadata.js';
import { assessOperation } from './operation-definition.js';
import { structureDefinitions } from './structure-definitions.js';
import { valueSets } from './value-sets.js';

export type { ConformanceType } from './metadata.js';
export { OWN_EXTENSIONS } from './structure-definitions.js';
export { answerValueSetId } from './value-sets.js';

export type ConformanceResource = CodeSystem | ValueSet | OperationDefinition | StructureDefinition;

export const CONFORMANCE_TYPES: readonly ConformanceType[] = [
  'CodeSystem',
  'ValueSet',
  'OperationDefinition',
  'StructureDefinition',
];

export interface ConformanceCatalogue {
  readonly all: readonly ConformanceResource[];
  read(type: ConformanceType, id: string): ConformanceResource | undefined;
  /**
   * Resources of a type; `url` (`url|version` too) and `version` narrow them when given (exact match, as
   * FHIR's uri search).
   */
  search(
    type: ConformanceType,
    query: { readonly url?: string; readonly version?: string },
  ): ConformanceResource[];
}

export function conformanceCatalogue(kb: KnowledgeBase): ConformanceCatalogue {
  const systems = codeSystems(kb);
  const all: ConformanceResource[] = [
    ...systems,
    ...valueSets(kb, systems),
    assessOperation(kb),
    ...structureDefinitions(kb),
  ];
  const byKey = new Map(all.map((r) => [`${r.resourceType}/${r.id ?? ''}`, r]));
  return {
    all,
    read: (type, id) => byKey.get(`${type}/${id}`),
    search: (type, query) => {
      // A canonical may carry its version after a bar: url=https://…/CodeSystem/rules|0.2.0
      const [url, barVersion] = query.url === undefined ? [] : query.url.split('|', 2);
      const version = query.version ?? barVersion;
      return all.filter(
        (r) =>
          r.resourceType === type &&
          (url === undefined || r.url === url) &&
          (version === undefined || r.version === version),
      );
    },
  };
}
