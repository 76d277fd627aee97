/**
 * The dependency rule: the functional core imports nothing of ours outside it, no `node:` module and no
 * I/O or clock; the report layer imports only the core; and there are no import cycles anywhere in src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');
const files = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))
  .map((f) => join(SRC, f));

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '').filter((s) => s !== '');
}

function resolveLocal(from: string, specifier: string): string {
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts');
}

const inFolder = (file: string, folder: string): boolean =>
  relative(join(SRC, folder), file).startsWith('..') === false;
const isBuiltin = (s: string): boolean =>
  s.startsWith('node:') || builtinModules.includes(s.split('/')[0] ?? s);

const CORE_PACKAGES = ['yaml', 'typebox', '@noble/hashes'];

describe('architecture', () => {
  const core = files.filter((f) => inFolder(f, 'core'));

  it('finds the source files', () => {
    expect(core.length).toBeGreaterThan(10);
  });

  it('keeps the core free of adapters, node: modules and unexpected packages', () => {
    const violations = core.flatMap((file) =>
      importsOf(file)
        .filter((s) =>
          s.startsWith('.')
            ? !inFolder(resolveLocal(file, s), 'core')
            : isBuiltin(s) || !CORE_PACKAGES.some((p) => s === p || s.startsWith(`${p}/`)),
        )
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    expect(violations).toEqual([]);
  });

  it('keeps the core free of clocks, randomness and process state', () => {
    const forbidden = /\bDate\.now\(|new Date\(|Math\.random\(|\bprocess\.|\bglobalThis\.|\bfetch\(/;
    const violations = core
      .filter((file) => forbidden.test(readFileSync(file, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(violations).toEqual([]);
  });

  it("keeps the clinic's rules pure: they use the core only, with no clock or I/O", () => {
    const clinic = files.filter((f) => inFolder(f, 'clinic'));
    expect(clinic.length).toBeGreaterThan(3);
    const violations = clinic.flatMap((file) =>
      importsOf(file)
        .filter((s) =>
          s.startsWith('.')
            ? !inFolder(resolveLocal(file, s), 'clinic') && !inFolder(resolveLocal(file, s), 'core')
            : true,
        )
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    const forbidden = /\bDate\.now\(|new Date\(|Math\.random\(|\bprocess\.|\bglobalThis\.|\bfetch\(/;
    const impure = clinic
      .filter((file) => forbidden.test(readFileSync(file, 'utf8')))
      .map((f) => relative(SRC, f));
    expect([...violations, ...impure]).toEqual([]);
  });

  it("lets the report layer use the core and the clinic's rules only", () => {
    const report = files.filter((f) => inFolder(f, 'report'));
    const violations = report.flatMap((file) =>
      importsOf(file)
        .filter((s) =>
          s.startsWith('.')
            ? !['report', 'core', 'clinic'].some((folder) => inFolder(resolveLocal(file, s), folder))
            : true,
        )
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(
      files.map((f) => [
        f,
        importsOf(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => resolveLocal(f, s)),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
