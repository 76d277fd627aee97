/** What every conformance resource we publish shares: canonical, version, status, publisher, bilingual title. */
import type { KnowledgeBase, LocalizedText } from '../../core/index.js';
import { canonicalOf } from '../constants.js';
import type { PrimitiveElement } from '../text.js';
import { translations } from '../text.js';

export type ConformanceType = 'CodeSystem' | 'ValueSet' | 'OperationDefinition' | 'StructureDefinition';

export interface CommonMetadata {
  readonly id: string;
  readonly url: string;
  readonly version: string;
  readonly name: string;
  readonly title: string;
  readonly _title: PrimitiveElement;
  readonly status: 'draft' | 'active';
  readonly experimental: boolean;
  readonly date: string;
  readonly publisher: string;
  readonly description: string;
  readonly _description: PrimitiveElement;
}

/** The knowledge base's version and release date stand for every definition generated from it. */
export function metadata(
  kb: KnowledgeBase,
  type: ConformanceType,
  id: string,
  name: string,
  title: LocalizedText,
  description: LocalizedText,
): CommonMetadata {
  return {
    id,
    url: canonicalOf(type, id),
    version: kb.meta.version,
    name,
    title: title.en,
    _title: translations(title, 'en'),
    status: kb.meta.status === 'reviewed' ? 'active' : 'draft',
    experimental: kb.meta.status !== 'reviewed',
    date: kb.meta.released,
    publisher: 'NeckCheck',
    description: description.en,
    _description: translations(description, 'en'),
  };
}

/** A FHIR `name` (an identifier): `override-reasons` → `OverrideReasons`. */
export function pascalName(id: string): string {
  return id
    .split(/[-_.]/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
