/**
 * The FHIR conformance resources our resources refer to (CodeSystems, ValueSets, the $assess
 * OperationDefinition, our extensions' StructureDefinitions), generated from the knowledge base once at
 * start: read by id, search by `url` (and `version`). Public and read-only, like /fhir/metadata. The
 * canonical URLs stay identifiers (https://neckcheck.example/fhir/…); each resolves on this server by id or
 * by `?url=`.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { ConformanceType } from '../../fhir/conformance/index.js';
import { CONFORMANCE_TYPES, conformanceCatalogue } from '../../fhir/conformance/index.js';
import { issue } from '../../fhir/index.js';
import type { AppDeps } from '../deps.js';
import { fhirContext, send, sendIssues } from '../http/fhir-reply.js';
import { FHIR_JSON } from '../http/openapi.js';
import { fhirResource, OperationOutcomeSchema, SearchsetSchema } from '../schemas/fhir.js';

const PUBLIC = { access: 'public' } as const;

/** Other parameters FHIR clients add (_format, _pretty…) are ignored, and left out of the self link. */
const SearchQuery = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, description: 'Canonical URL (exact match)' })),
    version: Type.Optional(Type.String({ minLength: 1, description: 'Business version (exact match)' })),
  },
  { additionalProperties: true },
);
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) }, { additionalProperties: false });

const ERRORS = { 400: OperationOutcomeSchema, 406: OperationOutcomeSchema } as const;

/** A success response as it is sent: FHIR JSON, not application/json. */
const fhirJson = (schema: Type.TSchema & { description?: string }) => ({
  description: schema.description ?? 'A FHIR R4 resource',
  content: { [FHIR_JSON]: { schema } },
});

export function fhirConformanceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const base = `${deps.config.publicUrl}/fhir`;
  const catalogue = conformanceCatalogue(deps.kb);

  void app.register(
    async (fhir) => {
      fhirContext(fhir);
      for (const type of CONFORMANCE_TYPES) registerType(fhir, type);
    },
    { prefix: '/fhir' },
  );

  function registerType(fhir: FastifyInstance, type: ConformanceType): void {
    fhir.get(
      `/${type}/:id`,
      {
        config: PUBLIC,
        schema: {
          tags: ['fhir'],
          summary: `Read one of NeckCheck's ${type} resources`,
          params: IdParams,
          response: {
            200: fhirJson(fhirResource(type, `A FHIR R4 ${type}`)),
            404: OperationOutcomeSchema,
            ...ERRORS,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const found = catalogue.read(type, id);
        if (found === undefined)
          return sendIssues(reply, [issue('not-found', `No ${type} with id "${id}" on this server.`)], 404);
        return send(reply, 200, found);
      },
    );

    fhir.get(
      `/${type}`,
      {
        config: PUBLIC,
        schema: {
          tags: ['fhir'],
          summary: `Search NeckCheck's ${type} resources by url and version (all of them without)`,
          querystring: SearchQuery,
          response: { 200: fhirJson(SearchsetSchema), ...ERRORS },
        },
      },
      async (request, reply) => {
        const { url, version } = request.query as { url?: string; version?: string };
        const matches = catalogue.search(type, {
          ...(url === undefined ? {} : { url }),
          ...(version === undefined ? {} : { version }),
        });
        const used = new URLSearchParams({
          ...(url === undefined ? {} : { url }),
          ...(version === undefined ? {} : { version }),
        }).toString();
        const bundle: Bundle = {
          resourceType: 'Bundle',
          type: 'searchset',
          total: matches.length,
          link: [{ relation: 'self', url: `${base}/${type}${used === '' ? '' : `?${used}`}` }],
          ...(matches.length === 0
            ? {}
            : {
                entry: matches.map((resource) => ({
                  fullUrl: `${base}/${type}/${resource.id ?? ''}`,
                  resource,
                  search: { mode: 'match' as const },
                })),
              }),
        };
        return send(reply, 200, bundle);
      },
    );
  }
}
