/**
 * Completes the questionnaire with the keyboard alone (Tab, arrows, Space, typing, Enter), from a plan of
 * answers by question id. Proves the self-check and intake can be used without a mouse.
 */
import type { Page } from 'playwright-core';

export type Plan = Readonly<Record<string, string | number | readonly string[]>>;

async function active(
  page: Page,
): Promise<{ name: string; type: string; value: string; checked: boolean; tag: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      name: el?.name ?? '',
      type: el?.type ?? '',
      value: el?.value ?? '',
      checked: el?.checked ?? false,
      tag: el?.tagName ?? '',
      text: el?.textContent ?? '',
    };
  });
}

async function tabTo(
  page: Page,
  predicate: (a: Awaited<ReturnType<typeof active>>) => boolean,
  limit = 80,
): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (predicate(await active(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element with Tab');
}

/** Two animation frames: Preact's render and the effects after it have run. */
function settled(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

async function answer(page: Page, id: string, wanted: string | number | readonly string[]): Promise<void> {
  const name = `q-${id}`;
  await tabTo(page, (a) => a.name === name);
  const first = await active(page);
  if (first.type === 'number') {
    await page.keyboard.type(String(wanted));
    return;
  }
  if (first.type === 'radio') {
    const values = await page.$$eval(`input[name="${name}"]`, (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    const index = values.indexOf(String(wanted));
    if (index < 0) throw new Error(`${id} has no option ${String(wanted)} (${values.join(', ')})`);
    if (index === 0) await page.keyboard.press('Space');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    return;
  }
  const targets = Array.isArray(wanted) ? wanted : [String(wanted)];
  for (let current = first; current.name === name; current = await active(page)) {
    if (targets.includes(current.value) && !current.checked) {
      await page.keyboard.press('Space');
      // An emergency answer replaces the form at once (and moves the focus in an effect): let the render
      // and its effects run, and stop there, as a Tab now would move the focus off the confirmation.
      await settled(page);
      if ((await page.$('form.questionnaire')) === null) return;
    }
    await page.keyboard.press('Tab');
  }
}

/** Answers every page until the result or the emergency screen appears; returns the question ids asked. */
export async function completeByKeyboard(page: Page, plan: Plan, maxPages = 40): Promise<string[]> {
  const asked: string[] = [];
  for (let p = 0; p < maxPages; p++) {
    await page.waitForSelector('form.questionnaire, article.result, section.emergency');
    if ((await page.$('form.questionnaire')) === null) return asked;
    const ids = await page.$$eval('fieldset.question', (els) => els.map((e) => e.id.replace(/^q-/, '')));
    const heading = await page.textContent('form.questionnaire h2');
    for (const id of ids) {
      const wanted = plan[id];
      if (wanted === undefined) throw new Error(`no planned answer for "${id}"`);
      await answer(page, id, wanted);
      asked.push(id);
      if ((await page.$('form.questionnaire')) === null) return asked;
    }
    await tabTo(page, (a) => a.tag === 'BUTTON' && a.type === 'submit');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      ([previous, first]) => {
        const form = document.querySelector('form.questionnaire');
        if (form === null) return true;
        const ids = [...form.querySelectorAll('fieldset.question')].map((e) => e.id);
        return form.querySelector('h2')?.textContent !== previous || ids[0] !== `q-${first}`;
      },
      [heading, ids[0] ?? ''] as const,
    );
  }
  throw new Error('the questionnaire did not end');
}
