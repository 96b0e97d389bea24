// Splicing edits into a text, and the facts about its lines that an edit must match.

/** Replace text[start, end) with `text`; start === end inserts. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits that do not overlap (touching is fine); everything between them is kept as it is. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = "";
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at || edit.end < edit.start) throw new Error(`internal: overlapping edits at ${edit.start}`);
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}

/** Offset of the first character of the line that holds `offset`. */
export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}

/** The spaces and tabs that start the line holding `offset`. */
export function indentOfLine(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

/** The line break used just before the line holding `offset`, else the file's first one, else LF. */
export function lineBreakNear(text: string, offset: number): string {
  const start = lineStart(text, offset);
  if (start > 0) return text[start - 1] === "\r" ? "\r" : text[start - 2] === "\r" ? "\r\n" : "\n";
  return /\r\n|\n|\r/.exec(text)?.[0] ?? "\n";
}

/** 1-based line and column of an offset; CRLF is one line break, and a BOM takes no column. */
export function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: Math.max(1, offset - start + 1) };
}
