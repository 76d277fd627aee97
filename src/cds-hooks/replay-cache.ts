/**
 * The `jti` values already seen, kept until the token they came from can no longer be accepted, so a
 * replayed token is refused. Bounded: when full of live entries it refuses new tokens ("full") rather than
 * forget one and let it be replayed. Time is passed in; nothing here reads a clock.
 */
export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

export class ReplayCache {
  private readonly expiries = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.expiries.size;
  }

  /** Records `key` until `expiresAt` (ms) and says whether it was new. */
  remember(key: string, expiresAt: number, now: number): ReplayVerdict {
    const seen = this.expiries.get(key);
    if (seen !== undefined && seen > now) return 'replayed';
    this.sweepOldest(now);
    if (this.expiries.size >= this.maxEntries) this.sweepAll(now);
    if (this.expiries.size >= this.maxEntries) return 'full';
    this.expiries.delete(key);
    this.expiries.set(key, expiresAt);
    return 'fresh';
  }

  /** Entries are mostly inserted in expiry order: dropping expired ones from the front is usually enough. */
  private sweepOldest(now: number): void {
    let checked = 0;
    for (const [key, expiry] of this.expiries) {
      if (expiry > now || ++checked > 64) break;
      this.expiries.delete(key);
    }
  }

  private sweepAll(now: number): void {
    for (const [key, expiry] of this.expiries) if (expiry <= now) this.expiries.delete(key);
  }
}
