import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adverseEventRates, quarterOf } from '../../src/server/services/adverse-event-rates.js';

describe('adverse-event rates', () => {
  it('counts events per 1,000 treatments that used the technique, overall and per quarter', () => {
    const rates = adverseEventRates({
      techniqueIds: ['light_massage', 'manipulation'],
      treatments: [
        { date: '2026-02-10', techniques: ['light_massage'] },
        { date: '2026-02-11', techniques: ['light_massage', 'manipulation'] },
        { date: '2026-08-01', techniques: ['manipulation'] },
        { date: '2026-08-02', techniques: ['manipulation'] },
      ],
      events: [
        { onset: '2026-02-11T15:00:00.000Z', techniqueId: 'manipulation' },
        { onset: '2026-08-03T09:00:00.000Z', techniqueId: 'manipulation' },
        { onset: '2026-08-03T09:00:00.000Z', techniqueId: null },
      ],
      since: '2026-01-01',
      until: '2026-11-25',
    });
    expect(rates.techniques).toEqual([
      { techniqueId: 'light_massage', treatments: 2, adverseEvents: 0, ratePer1000: 0 },
      { techniqueId: 'manipulation', treatments: 3, adverseEvents: 2, ratePer1000: 666.7 },
    ]);
    expect(rates.byQuarter.map((q) => q.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(rates.byQuarter[0]?.techniques[1]).toEqual({
      techniqueId: 'manipulation',
      treatments: 1,
      adverseEvents: 1,
      ratePer1000: 1000,
    });
    expect(rates.byQuarter[1]?.techniques.every((t) => t.treatments === 0 && t.ratePer1000 === 0)).toBe(true);
    expect(rates.byQuarter[2]?.techniques[1]?.ratePer1000).toBe(500);
  });

  it('crosses year boundaries', () => {
    const rates = adverseEventRates({
      techniqueIds: ['x'],
      treatments: [],
      events: [],
      since: '2025-11-25',
      until: '2026-02-01',
    });
    expect(rates.byQuarter.map((q) => q.quarter)).toEqual(['2025-Q4', '2026-Q1']);
  });

  it('keeps the quarters consistent with the totals', () => {
    const day = fc
      .date({
        min: new Date('2024-01-01T00:00:00Z'),
        max: new Date('2026-11-25T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    const technique = fc.constantFrom('a', 'b', 'c');
    fc.assert(
      fc.property(
        fc.array(fc.record({ date: day.map((d) => d.slice(0, 10)), techniques: fc.uniqueArray(technique) })),
        fc.array(fc.record({ onset: day, techniqueId: fc.option(technique, { nil: null }) })),
        (treatments, events) => {
          const rates = adverseEventRates({
            techniqueIds: ['a', 'b', 'c'],
            treatments,
            events,
            since: '2024-01-01',
            until: '2026-11-25',
          });
          expect(rates.byQuarter).toHaveLength(12);
          for (const [i, total] of rates.techniques.entries()) {
            const sum = (key: 'treatments' | 'adverseEvents') =>
              rates.byQuarter.reduce((n, q) => n + (q.techniques[i]?.[key] ?? 0), 0);
            expect(sum('treatments')).toBe(total.treatments);
            expect(sum('adverseEvents')).toBe(total.adverseEvents);
          }
        },
      ),
    );
  });

  it('names quarters by calendar month', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-12-31'].map(quarterOf)).toEqual([
      '2026-Q1',
      '2026-Q1',
      '2026-Q2',
      '2026-Q4',
    ]);
  });
});
