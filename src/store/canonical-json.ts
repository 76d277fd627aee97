/** One JSON text per value, for hashing; it also tells whether a value survives a JSON round trip. */

/**
 * JSON with object keys sorted at every level and no whitespace: one text per value. Every stored
 * screening is hashed through this (its whole assessment, ~20 KB), so it builds one string with plain
 * loops instead of arrays of entries (about a third faster).
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for this number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // Keys are strings, so the default sort is code-unit order, the same as comparing them with `<`.
    const keys = Object.keys(object).sort();
    let out = '{';
    let first = true;
    for (const key of keys) {
      const item = object[key];
      if (item === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
      first = false;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonical JSON has no representation for a ${typeof value}`);
}
