/**
 * The clinical validation cases (validation/cases/*.yaml): published case reports and typical trial
 * participants, each with its source, the facts, the answers as the person would give them, and the
 * disposition two independent readings agree on. This module reads and checks them; it never screens.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Answers, KnowledgeBase } from '../../core/index.js';
import { validateAnswers } from '../../core/index.js';
import { errnoCode, fsReason } from '../errors.js';

/** What a reader may conclude: "incomplete" is the engine's word for missing answers, not a reading. */
export const READING_DISPOSITIONS = ['proceed', 'precautions', 'refer', 'emergency'] as const;
export type ReadingDisposition = (typeof READING_DISPOSITIONS)[number];

/** The class a case is scored in: emergency, referral (refer), or benign (proceed or precautions). */
export type CaseClass = 'emergency' | 'refer' | 'benign';

export interface Reading {
  readonly disposition: ReadingDisposition;
  readonly reason: string;
}

export interface CaseSource {
  readonly citation: string;
  readonly doi?: string;
  readonly pmid?: string;
}

export interface ValidationCase {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly source: CaseSource;
  readonly facts: string;
  readonly answers: Answers;
  readonly readingA: Reading;
  readonly readingB: Reading;
  readonly expected: ReadingDisposition;
  readonly note?: string;
  /** The rule (or kind of rule) that should catch the case, for the explanation of a miss. */
  readonly needs?: string;
}

/** A problem in a case file: the file, the case id when known, the field, and what is wrong. */
export interface CaseIssue {
  readonly file: string;
  readonly caseId?: string;
  readonly field?: string;
  readonly message: string;
}

export function formatCaseIssue(issue: CaseIssue): string {
  const where = [issue.file, issue.caseId === undefined ? undefined : `case ${issue.caseId}`, issue.field]
    .filter((part) => part !== undefined)
    .join(': ');
  return `  ${where}: ${issue.message}`;
}

export function classOf(disposition: ReadingDisposition): CaseClass {
  if (disposition === 'emergency') return 'emergency';
  if (disposition === 'refer') return 'refer';
  return 'benign';
}

export function moreUrgent(a: ReadingDisposition, b: ReadingDisposition): ReadingDisposition {
  return READING_DISPOSITIONS.indexOf(a) >= READING_DISPOSITIONS.indexOf(b) ? a : b;
}

const DOI = /^10\.\d{4,9}\/\S+$/;
const PMID = /^[1-9]\d{0,8}$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KEYS = [
  'id',
  'title',
  'source',
  'facts',
  'answers',
  'reading_a',
  'reading_b',
  'expected',
  'note',
  'needs',
] as const;

export interface LoadedCases {
  readonly cases: readonly ValidationCase[];
  readonly issues: readonly CaseIssue[];
}

/** Reads every *.yaml file of `dir` (one case a file), sorted by name; `dirError` when the folder is unreadable. */
export async function loadCases(
  dir: string,
  kb: KnowledgeBase,
): Promise<LoadedCases & { dirError?: string }> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    return {
      cases: [],
      issues: [],
      dirError: errnoCode(error) === undefined ? String(error) : fsReason(error),
    };
  }
  const cases: ValidationCase[] = [];
  const issues: CaseIssue[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(dir, name), 'utf8');
    } catch (error) {
      issues.push({ file: name, message: `cannot read the file: ${fsReason(error)}` });
      continue;
    }
    const parsed = parseCase(name, text, kb);
    if (parsed.ok) cases.push(parsed.value);
    else issues.push(...parsed.issues);
  }
  const seen = new Map<string, string>();
  for (const c of cases) {
    const other = seen.get(c.id);
    if (other !== undefined)
      issues.push({ file: c.file, caseId: c.id, field: 'id', message: `the same id is used in ${other}` });
    else seen.set(c.id, c.file);
  }
  return { cases, issues };
}

type Parsed = { ok: true; value: ValidationCase } | { ok: false; issues: CaseIssue[] };

/** Checks one case file's text; every problem is reported, with the field it is in. */
export function parseCase(file: string, text: string, kb: KnowledgeBase): Parsed {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, issues: [{ file, message: `not valid YAML: ${reason}` }] };
  }
  if (!isRecord(data))
    return { ok: false, issues: [{ file, message: 'expected a mapping (one case a file)' }] };
  const caseId = typeof data.id === 'string' ? data.id : undefined;
  const issues: CaseIssue[] = [];
  const problem = (field: string, message: string): void => {
    issues.push({ file, ...(caseId === undefined ? {} : { caseId }), field, message });
  };
  for (const key of Object.keys(data)) {
    if (!(KEYS as readonly string[]).includes(key))
      problem(key, `unknown field (expected one of ${KEYS.join(', ')})`);
  }
  const text1 = (field: string): string => {
    const value = data[field];
    if (typeof value !== 'string' || value.trim() === '') {
      problem(field, 'required text is missing');
      return '';
    }
    return value.trim();
  };
  const id = text1('id');
  if (id !== '' && !ID.test(id)) problem('id', 'use lower-case letters, digits and single hyphens');
  const title = text1('title');
  const facts = text1('facts');
  const source = checkSource(data.source, problem);
  const readingA = checkReading(data.reading_a, 'reading_a', problem);
  const readingB = checkReading(data.reading_b, 'reading_b', problem);
  const expected = data.expected;
  if (!isReadingDisposition(expected))
    problem('expected', `must be one of ${READING_DISPOSITIONS.join(', ')}`);
  const note = optionalText(data.note, 'note', problem);
  const needs = optionalText(data.needs, 'needs', problem);
  if (readingA !== undefined && readingB !== undefined && isReadingDisposition(expected)) {
    const urgent = moreUrgent(readingA.disposition, readingB.disposition);
    if (expected !== urgent)
      problem('expected', `must be the more urgent of the two readings (${urgent}), not ${expected}`);
    if (readingA.disposition !== readingB.disposition && note === undefined)
      problem('note', 'the readings disagree: explain why in a note');
  }
  let answers: Answers | undefined;
  const validated = validateAnswers(kb, data.answers);
  if (validated.ok) answers = validated.value;
  else
    for (const issue of validated.errors)
      problem(issue.questionId === undefined ? 'answers' : `answers.${issue.questionId}`, issue.message);
  if (issues.length > 0 || source === undefined || readingA === undefined || readingB === undefined)
    return { ok: false, issues };
  if (answers === undefined || !isReadingDisposition(expected)) return { ok: false, issues };
  return {
    ok: true,
    value: {
      file,
      id,
      title,
      source,
      facts,
      answers,
      readingA,
      readingB,
      expected,
      ...(note === undefined ? {} : { note }),
      ...(needs === undefined ? {} : { needs }),
    },
  };
}

type Problem = (field: string, message: string) => void;

function checkSource(value: unknown, problem: Problem): CaseSource | undefined {
  if (!isRecord(value)) {
    problem('source', 'required: { citation, doi and/or pmid }');
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!['citation', 'doi', 'pmid'].includes(key)) {
      problem(`source.${key}`, 'unknown field (expected citation, doi, pmid)');
      ok = false;
    }
  }
  const citation = value.citation;
  if (typeof citation !== 'string' || citation.trim() === '') {
    problem('source.citation', 'required text is missing');
    ok = false;
  }
  const doi = value.doi === undefined ? undefined : String(value.doi);
  const pmid = value.pmid === undefined ? undefined : String(value.pmid);
  if (doi === undefined && pmid === undefined) {
    problem('source', 'give a doi or a pmid');
    ok = false;
  }
  if (doi !== undefined && !DOI.test(doi)) {
    problem('source.doi', `"${doi}" is not a DOI (10.xxxx/...)`);
    ok = false;
  }
  if (pmid !== undefined && !PMID.test(pmid)) {
    problem('source.pmid', `"${pmid}" is not a PubMed id (digits)`);
    ok = false;
  }
  if (!ok || typeof citation !== 'string') return undefined;
  return {
    citation: citation.trim(),
    ...(doi === undefined ? {} : { doi }),
    ...(pmid === undefined ? {} : { pmid }),
  };
}

function checkReading(value: unknown, field: string, problem: Problem): Reading | undefined {
  if (!isRecord(value)) {
    problem(field, 'required: { disposition, reason }');
    return undefined;
  }
  let ok = true;
  if (!isReadingDisposition(value.disposition)) {
    problem(`${field}.disposition`, `must be one of ${READING_DISPOSITIONS.join(', ')}`);
    ok = false;
  }
  if (typeof value.reason !== 'string' || value.reason.trim() === '') {
    problem(`${field}.reason`, 'required text is missing');
    ok = false;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'disposition' && key !== 'reason') {
      problem(`${field}.${key}`, 'unknown field (expected disposition, reason)');
      ok = false;
    }
  }
  if (!ok || !isReadingDisposition(value.disposition) || typeof value.reason !== 'string') return undefined;
  return { disposition: value.disposition, reason: value.reason.trim() };
}

function optionalText(value: unknown, field: string, problem: Problem): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    problem(field, 'must be text');
    return undefined;
  }
  return value.trim();
}

function isReadingDisposition(value: unknown): value is ReadingDisposition {
  return typeof value === 'string' && (READING_DISPOSITIONS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
