/** Plain-text layout for terminals: word wrapping, tables with wrapped cells, optional ANSI styles. */

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'magenta' | 'cyan' | 'alarm';

const ANSI: Readonly<Record<Style, string>> = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
  alarm: '\u001b[1;97;41m',
};
const RESET = '\u001b[0m';

export type Painter = (text: string, ...styles: Style[]) => string;

export function painter(color: boolean): Painter {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.length === 0 || text === '' ? text : `${styles.map((s) => ANSI[s]).join('')}${text}${RESET}`;
}

/** Splits text into lines of at most `width` characters, breaking at spaces (long words are kept whole). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Wraps text and indents every line; `first` replaces the indent of the first line (for bullets). */
export function block(text: string, width: number, indent: string, first: string = indent): string[] {
  return wrap(text, Math.max(20, width - indent.length)).map((l, i) => `${i === 0 ? first : indent}${l}`);
}

export interface Column {
  readonly header: string;
  readonly width: number;
}

/**
 * A table whose cells wrap inside fixed-width columns. `paint` styles a cell after it is padded, so
 * escape codes never upset the alignment.
 */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  indent: string,
  paint: (row: number, column: number, text: string) => string = (_r, _c, text) => text,
): string[] {
  const out: string[] = [];
  const line = (cells: readonly string[][], row: number): void => {
    const height = Math.max(...cells.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      const parts = columns.map((col, c) => {
        const text = (cells[c]?.[i] ?? '').padEnd(col.width);
        return row < 0 ? text : paint(row, c, text);
      });
      out.push(`${indent}${parts.join('  ')}`.trimEnd());
    }
  };
  line(
    columns.map((c) => [c.header]),
    -1,
  );
  out.push(`${indent}${columns.map((c) => '─'.repeat(c.width)).join('  ')}`);
  rows.forEach((row, r) => {
    line(
      columns.map((col, c) => wrap(row[c] ?? '', col.width)),
      r,
    );
  });
  return out;
}
