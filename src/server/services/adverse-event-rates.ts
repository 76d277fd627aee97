/**
 * Adverse-event rates per technique: events reported against a technique per 1,000 treatments that used
 * it, over the whole period and per calendar quarter (treatments by date, events by onset).
 */

export interface TechniqueRate {
  readonly techniqueId: string;
  readonly treatments: number;
  readonly adverseEvents: number;
  /** Events per 1,000 treatments, one decimal; 0 when the technique was not used. */
  readonly ratePer1000: number;
}

export interface QuarterRates {
  /** e.g. "2026-Q3". */
  readonly quarter: string;
  readonly techniques: readonly TechniqueRate[];
}

export interface AdverseEventRates {
  readonly techniques: readonly TechniqueRate[];
  /** Every quarter from the start of the period to the quarter of `until`, oldest first. */
  readonly byQuarter: readonly QuarterRates[];
}

interface TreatmentLike {
  readonly date: string;
  readonly techniques: readonly string[];
}
interface EventLike {
  readonly onset: string;
  readonly techniqueId: string | null;
}

export function quarterOf(isoDate: string): string {
  const month = Number(isoDate.slice(5, 7));
  return `${isoDate.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

function quartersBetween(from: string, until: string): string[] {
  const quarters: string[] = [];
  let year = Number(from.slice(0, 4));
  let q = Number(quarterOf(from).slice(-1));
  const last = quarterOf(until);
  for (let guard = 0; guard < 400; guard++) {
    const label = `${year}-Q${q}`;
    quarters.push(label);
    if (label >= last) break;
    q = q === 4 ? 1 : q + 1;
    if (q === 1) year++;
  }
  return quarters;
}

function ratesFor(
  techniqueIds: readonly string[],
  treatments: readonly TreatmentLike[],
  events: readonly EventLike[],
): TechniqueRate[] {
  return techniqueIds.map((techniqueId) => {
    const used = treatments.filter((t) => t.techniques.includes(techniqueId)).length;
    const count = events.filter((e) => e.techniqueId === techniqueId).length;
    return {
      techniqueId,
      treatments: used,
      adverseEvents: count,
      ratePer1000: used === 0 ? 0 : Math.round((count / used) * 10_000) / 10,
    };
  });
}

export function adverseEventRates(input: {
  readonly techniqueIds: readonly string[];
  readonly treatments: readonly TreatmentLike[];
  readonly events: readonly EventLike[];
  /** First day of the period, YYYY-MM-DD. */
  readonly since: string;
  /** Today, YYYY-MM-DD: the last quarter shown. */
  readonly until: string;
}): AdverseEventRates {
  const byQuarter = quartersBetween(input.since, input.until).map((quarter) => ({
    quarter,
    techniques: ratesFor(
      input.techniqueIds,
      input.treatments.filter((t) => quarterOf(t.date) === quarter),
      input.events.filter((e) => quarterOf(e.onset) === quarter),
    ),
  }));
  return { techniques: ratesFor(input.techniqueIds, input.treatments, input.events), byQuarter };
}
