/**
 * What staff read when the server is unavailable (503: database down or disk full) or refuses a flood
 * (429): a sentence of its own in both languages, not the generic "could not do this". Pure, no browser.
 */
import { beforeAll, describe, expect, it } from 'vitest';

// The router and the language choice touch `window`, `navigator` and `localStorage` on import; nothing else is needed.
const scope = globalThis as { window?: unknown; localStorage?: unknown; navigator?: unknown };
scope.navigator ??= { language: 'en', languages: ['en'] };
scope.window ??= { addEventListener: () => undefined };
scope.localStorage ??= { getItem: () => null, setItem: () => undefined };

type Failure = typeof import('../../web/src/workspace/failure.js');
let failureText: Failure['failureText'];
let ApiError: typeof import('../../web/src/api.js').ApiError;
let STRINGS: typeof import('../../web/src/workspace/strings.js').WORKSPACE_STRINGS;

beforeAll(async () => {
  ({ failureText } = await import('../../web/src/workspace/failure.js'));
  ({ ApiError } = await import('../../web/src/api.js'));
  ({ WORKSPACE_STRINGS: STRINGS } = await import('../../web/src/workspace/strings.js'));
});

describe('failure text', () => {
  it.each(['en', 'fr'] as const)('says in %s that the server cannot store anything for a 503', (lang) => {
    const text = failureText(
      new ApiError(503, 'database_unavailable', 'The database is unavailable'),
      STRINGS[lang],
    );
    expect(text).toBe(STRINGS[lang].errors.unavailable);
    expect(text).not.toBe(STRINGS[lang].errors.server);
  });

  it('keeps the generic sentence for a 500', () => {
    expect(failureText(new ApiError(500, 'internal', ''), STRINGS.fr)).toBe(STRINGS.fr.errors.server);
  });
});
