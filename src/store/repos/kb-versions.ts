/**
 * Knowledge-base versions (migration 0009): each content hash's bundle stored once, and the knowledge
 * bases rebuilt from them, cached in memory, to expand the compact outcomes of stored screenings.
 */
import type { Kysely } from 'kysely';
import type { KnowledgeBase, KnowledgeBundle } from '../../core/index.js';
import { loadKnowledgeBundle } from '../../core/index.js';
import { timestamp, toJson } from '../codec.js';
import { guarded, StoreDataError, StoreInputError } from '../errors.js';
import type { KbVersionRepo } from '../port.js';
import type { Database } from '../schema.js';

/** Few versions are ever in use at once; each rebuilt knowledge base takes a few MB. */
const CACHED_VERSIONS = 8;

/** What every repository of one store shares about the stored versions. */
export class KbSnapshots {
  /** Hashes known to be stored (rows are never removed), so screenings of them are stored compactly. */
  private readonly stored = new Set<string>();
  /** Rebuilt knowledge bases, the least recently used first. */
  private readonly cache = new Map<string, Promise<KnowledgeBase | undefined>>();

  isStored(hash: string): boolean {
    return this.stored.has(hash);
  }

  markStored(hash: string): void {
    this.stored.add(hash);
  }

  forget(hash: string): void {
    this.stored.delete(hash);
  }

  /** The knowledge base stored under `hash`, read through `db` (a transaction's, inside one). */
  load(db: Kysely<Database>, hash: string): Promise<KnowledgeBase | undefined> {
    let loading = this.cache.get(hash);
    if (loading !== undefined) {
      this.cache.delete(hash);
      this.cache.set(hash, loading);
      return loading;
    }
    loading = readSnapshot(db, hash).then((kb) => {
      if (kb === undefined) this.cache.delete(hash);
      return kb;
    });
    loading.catch(() => this.cache.delete(hash));
    this.cache.set(hash, loading);
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= CACHED_VERSIONS) break;
      this.cache.delete(oldest);
    }
    return loading;
  }
}

async function readSnapshot(db: Kysely<Database>, hash: string): Promise<KnowledgeBase | undefined> {
  const row = await db.selectFrom('kb_versions').select('bundle').where('hash', '=', hash).executeTakeFirst();
  if (row === undefined) return undefined;
  let kb: KnowledgeBase;
  try {
    kb = loadKnowledgeBundle(JSON.parse(row.bundle) as KnowledgeBundle);
  } catch (error) {
    throw new StoreDataError(`stored knowledge base ${hash} cannot be loaded: ${(error as Error).message}`);
  }
  if (kb.hash !== hash) throw new StoreDataError(`stored knowledge base ${hash} names another hash`);
  return kb;
}

/**
 * The versions as one transaction (or the store outside one) sees them. A version this transaction
 * inserted counts as stored for its own screenings only; the others learn it once it is committed.
 */
export class KbVersionScope {
  private readonly insertedHere = new Set<string>();
  private readonly db: Kysely<Database>;
  private readonly snapshots: KbSnapshots;

  constructor(db: Kysely<Database>, snapshots: KbSnapshots) {
    this.db = db;
    this.snapshots = snapshots;
  }

  /** Whether a screening of this knowledge base can be stored as an outcome here. */
  hasSnapshot(hash: string): boolean {
    return this.snapshots.isStored(hash) || this.insertedHere.has(hash);
  }

  /** After a refused compact write: check the database again before the next one. */
  forget(hash: string): void {
    this.snapshots.forget(hash);
    this.insertedHere.delete(hash);
  }

  readonly repo: KbVersionRepo = {
    ensure: async (kb, bundle, at) => {
      if (bundle.hash !== kb.hash) throw new StoreInputError('the bundle is not of this knowledge base');
      if (this.hasSnapshot(kb.hash)) return;
      const found = await this.db
        .selectFrom('kb_versions')
        .select('hash')
        .where('hash', '=', kb.hash)
        .executeTakeFirst();
      if (found !== undefined) {
        this.snapshots.markStored(kb.hash);
        return;
      }
      const row = {
        hash: kb.hash,
        kb_id: kb.meta.id,
        version: kb.meta.version,
        bundle: toJson(bundle, 'bundle'),
        created_at: timestamp(at, 'at'),
      };
      // Another instance may store the same version at the same moment: the first one wins, both succeed.
      await guarded('kb_versions.ensure', () =>
        this.db
          .insertInto('kb_versions')
          .values(row)
          .onConflict((c) => c.column('hash').doNothing())
          .execute(),
      );
      this.insertedHere.add(kb.hash);
    },
    get: (hash) => this.snapshots.load(this.db, hash),
    list: async () => {
      const rows = await this.db
        .selectFrom('kb_versions')
        .select(['hash', 'kb_id', 'version', 'created_at'])
        .orderBy('created_at')
        .orderBy('hash')
        .execute();
      return rows.map((r) => ({ hash: r.hash, kbId: r.kb_id, version: r.version, createdAt: r.created_at }));
    },
  };
}
