/** Where impact analysis reads answer sets from: a file of answer sets, or the screenings of a store. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Answers, ImpactInput } from '../../core/index.js';
import type { Store } from '../../store/index.js';

export class AnswersFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswersFileError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON lines: each line an answers object, or `{ "id": "…", "answers": { … } }`. Blank lines and lines
 * starting with # are skipped; a line that is not an object stops the run with its line number.
 */
export async function* answersFileBatches(file: string, batchSize: number): AsyncGenerator<ImpactInput[]> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let batch: ImpactInput[] = [];
  let n = 0;
  for await (const line of lines) {
    n++;
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new AnswersFileError(`${file}:${n}: not JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) throw new AnswersFileError(`${file}:${n}: expected an object of answers`);
    const wrapped = isObject(value.answers);
    const answers = (wrapped ? value.answers : value) as Answers;
    const id = wrapped && typeof value.id === 'string' ? value.id : `line ${n}`;
    batch.push({ id, answers });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Every stored screening (of one clinic, or all), in keyset pages. */
export async function* storeBatches(
  store: Store,
  batchSize: number,
  clinicId?: string,
): AsyncGenerator<ImpactInput[]> {
  let after: string | undefined;
  for (;;) {
    const page = await store.screenings.answersPage(after, batchSize, clinicId);
    if (page.length === 0) return;
    yield page.map((s) => ({ id: s.id, answers: s.answersJson, kbHash: s.kbHash, validated: true }));
    after = page[page.length - 1]?.id;
  }
}
