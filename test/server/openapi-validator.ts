/**
 * Checks a live response against the OpenAPI document: the status is documented for the operation, the
 * media type is one documented for that status, and the body validates against its schema. Schemas are
 * JSON Schema 2020-12 (OpenAPI 3.1), so Ajv's 2020 dialect validates them as they are, with the document's
 * components beside each one for its $refs; the OpenAPI-only keywords (example, discriminator…) are
 * annotations and ignored.
 */

import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: Record<string, unknown>;
}
export interface Operation {
  readonly operationId?: string;
  readonly security?: readonly Record<string, unknown>[];
  readonly responses: Record<
    string,
    { content?: Record<string, { schema?: unknown }>; headers?: Record<string, { schema?: unknown }> }
  >;
}
export interface LiveResponse {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

/** Fastify's `/clients/:clientId` as OpenAPI writes it, `/clients/{clientId}`. */
export const openApiPath = (url: string): string => url.replace(/:(\w+)/g, '{$1}');

const isJson = (mediaType: string): boolean =>
  mediaType === 'application/json' || mediaType.endsWith('+json');

export function responseValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const schemaFor = (key: string, schema: unknown): ValidateFunction => {
    let validate = compiled.get(key);
    if (validate === undefined) {
      validate = ajv.compile({ ...(schema as object), components: doc.components });
      compiled.set(key, validate);
    }
    return validate;
  };

  const operation = (method: string, url: string): Operation | undefined =>
    doc.paths[openApiPath(url)]?.[method.toLowerCase()];

  /** What is wrong with the response; empty when it matches the document. */
  return function problems(method: string, url: string, response: LiveResponse): string[] {
    const op = operation(method, url);
    if (op === undefined) return [`${method} ${url} is not in the document`];
    const documented = op.responses[String(response.statusCode)];
    if (documented === undefined)
      return [
        `status ${response.statusCode} is not documented (documented: ${Object.keys(op.responses).join(', ')})`,
      ];
    const headerProblems = Object.entries(documented.headers ?? {}).flatMap(([name, spec]) => {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined || spec.schema === undefined) return [];
      const validate = schemaFor(`header ${JSON.stringify(spec.schema)}`, spec.schema);
      return validate(value) ? [] : [`header ${name}: ${String(value)} does not match its schema`];
    });
    if (headerProblems.length > 0) return headerProblems;
    const header = response.headers['content-type'];
    const mediaType =
      typeof header === 'string' ? (header.split(';')[0] ?? '').trim().toLowerCase() : undefined;
    const content = documented.content;
    if (content === undefined || Object.keys(content).length === 0) {
      return response.body === '' ? [] : [`status ${response.statusCode} is documented without a body`];
    }
    if (mediaType === undefined || content[mediaType] === undefined)
      return [
        `content-type ${String(header)} is not documented (documented: ${Object.keys(content).join(', ')})`,
      ];
    const schema = content[mediaType]?.schema;
    if (schema === undefined) return [];
    let body: unknown = response.body;
    if (isJson(mediaType)) {
      try {
        body = JSON.parse(response.body);
      } catch {
        return [`the body is not JSON although sent as ${mediaType}`];
      }
    }
    const validate = schemaFor(`${method} ${url} ${response.statusCode} ${mediaType}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is not valid'}`);
  };
}
