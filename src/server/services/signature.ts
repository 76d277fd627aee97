/** A drawn signature arrives as a PNG data URL; this checks it really is one, of a sensible size. */

export const SIGNATURE_PREFIX = 'data:image/png;base64,';
/** About 110 KB of image: a signature pad's PNG is a few KB; this leaves room and bounds what is stored. */
export const SIGNATURE_MAX_LENGTH = 150_000;
export const SIGNATURE_PATTERN = '^data:image/png;base64,[A-Za-z0-9+/]+={0,2}$';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether the data URL's bytes start as a PNG file does (the schema has checked the characters). */
export function isPngDataUrl(value: string): boolean {
  if (!value.startsWith(SIGNATURE_PREFIX)) return false;
  const head = Buffer.from(value.slice(SIGNATURE_PREFIX.length, SIGNATURE_PREFIX.length + 12), 'base64');
  return head.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC);
}
