/** TypeBox shapes of the FHIR routes' answers, for the OpenAPI document (bodies are FHIR R4 JSON). */
import Type from 'typebox';

/** A FHIR resource of one type; the rest of its content follows the FHIR R4 specification. */
export function fhirResource(resourceType: string, description: string) {
  return Type.Object(
    { resourceType: Type.Literal(resourceType), id: Type.Optional(Type.String()) },
    { additionalProperties: true, description },
  );
}

export const OperationOutcomeSchema = Type.Object(
  {
    resourceType: Type.Literal('OperationOutcome'),
    issue: Type.Array(
      Type.Object(
        {
          severity: Type.Enum(['fatal', 'error', 'warning', 'information']),
          code: Type.String({ description: 'FHIR issue type (not-found, invalid, not-supported…)' }),
          diagnostics: Type.Optional(Type.String()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true, description: 'A FHIR OperationOutcome: why the request failed' },
);

export const SearchsetSchema = Type.Object(
  {
    resourceType: Type.Literal('Bundle'),
    type: Type.Literal('searchset'),
    total: Type.Integer({ minimum: 0 }),
    link: Type.Array(Type.Object({ relation: Type.String(), url: Type.String() })),
    entry: Type.Optional(
      Type.Array(
        Type.Object(
          {
            fullUrl: Type.String(),
            resource: Type.Object({ resourceType: Type.String() }, { additionalProperties: true }),
            search: Type.Object({ mode: Type.Literal('match') }),
          },
          { additionalProperties: true },
        ),
      ),
    ),
  },
  { description: 'A FHIR searchset Bundle of the matching resources' },
);
