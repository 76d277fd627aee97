/**
 * Identifiers for the resources of a bundle. Callers that store or send bundles pass a random UUID source
 * (crypto.randomUUID); by default the ids are derived from a seed, so that the same input always gives the
 * same bundle and this module stays free of randomness and clocks.
 */
export type IdSource = () => string;

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** UUID-shaped ids (version 8, "custom", of RFC 9562) derived from the seed and a counter. */
export function seededIds(seed: string): IdSource {
  let counter = 0;
  return () => {
    counter++;
    const h = [0, 1, 2, 3].map((part) => hex(fnv1a(`${seed}#${counter}#${part}`))).join('');
    const variant = ((Number.parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}

export const urnOf = (uuid: string): string => `urn:uuid:${uuid}`;
