/** The body of $assess: a QuestionnaireResponse, or Parameters with a `response` part and an optional `lang`. */
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Lang, Result } from '../core/index.js';
import { isLang } from '../core/index.js';
import { issue } from './outcome.js';

export interface AssessInput {
  /** The QuestionnaireResponse, not yet checked (see answersFromResponse). */
  readonly response: Record<string, unknown>;
  /** The language of the texts in the result: the `lang` parameter, else the response's language. */
  readonly lang: Lang | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function fromParameters(body: Record<string, unknown>): Result<AssessInput, OperationOutcomeIssue> {
  const parameters = Array.isArray(body.parameter) ? body.parameter : [];
  const named = (name: string) =>
    parameters.filter((p): p is Record<string, unknown> => isRecord(p) && p.name === name);
  const responses = named('response');
  const [response] = responses;
  if (responses.length !== 1 || response === undefined || !isRecord(response.resource)) {
    return {
      ok: false,
      errors: [
        issue(
          'required',
          'Parameters must have exactly one "response" part holding a QuestionnaireResponse',
          'Parameters.parameter',
        ),
      ],
    };
  }
  const lang = named('lang')[0]?.valueCode;
  if (lang !== undefined && !isLang(lang)) {
    return {
      ok: false,
      errors: [issue('code-invalid', 'the "lang" part must be the code en or fr', 'Parameters.parameter')],
    };
  }
  return { ok: true, value: { response: response.resource, lang: lang ?? languageOf(response.resource) } };
}

function languageOf(response: Record<string, unknown>): Lang | undefined {
  const language =
    typeof response.language === 'string' ? response.language.slice(0, 2).toLowerCase() : undefined;
  return isLang(language) ? language : undefined;
}

export function assessInput(body: unknown): Result<AssessInput, OperationOutcomeIssue> {
  if (!isRecord(body))
    return { ok: false, errors: [issue('structure', 'the body must be a FHIR resource (a JSON object)')] };
  if (body.resourceType === 'Parameters') return fromParameters(body);
  if (body.resourceType === 'QuestionnaireResponse')
    return { ok: true, value: { response: body, lang: languageOf(body) } };
  return {
    ok: false,
    errors: [
      issue(
        'structure',
        'expected a QuestionnaireResponse, or Parameters with a "response" part',
        'resourceType',
      ),
    ],
  };
}
