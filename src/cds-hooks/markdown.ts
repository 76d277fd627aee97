/**
 * Text going into a card's Markdown `detail`. Anything not written by us (EHR displays, KB texts with
 * punctuation) is escaped so it renders as text: no links, images, HTML or emphasis can be injected.
 */

/** Every character with a meaning in GFM, including those of autolinks (`:`, `.`, `@`), is escaped. */
const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:@]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Plain text as Markdown text, on one line, at most `max` characters. */
export function md(value: string, max = 300): string {
  const line = value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return cut.replace(SPECIAL, '\\$&');
}

/** A link whose URL we built; the label is escaped. */
export function mdLink(label: string, url: string): string {
  return `[${md(label)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`;
}

export function bullets(lines: readonly string[]): string {
  return lines.map((line) => `- ${line}`).join('\n');
}

export function section(heading: string, body: string): string {
  return body === '' ? '' : `**${md(heading)}**\n\n${body}`;
}

export function paragraphs(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('\n\n');
}
