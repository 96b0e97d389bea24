// Reads an httpd configuration the way httpd 2.4 does (server/config.c, server/util.c), so tests
// can say which directives and sections a generated include holds:
// - a line is trimmed of ASCII white space; a line ending in "\" continues on the next one;
// - empty lines and lines starting with "#" are skipped (before ${VAR} expansion: comments are
//   never expanded);
// - words are split by ap_getword_conf: a word starting with " or ' runs to the matching quote
//   (\" and \\ inside unescape), any other word runs to the next white space;
// - "<Name args>" opens a section, whose arguments must end with ">"; "</Name>" closes it.
// Anything httpd would refuse to read is thrown, with its line number.

export interface HttpdDirective {
  name: string;
  /** Arguments after ap_getword_conf: quotes removed, escapes undone. */
  args: string[];
  line: number;
  /** Present for a section: the directives inside it. */
  children?: HttpdDirective[];
}

/** The ASCII white space of apr_isspace: what separates words and is trimmed from lines. */
const SPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

export function parseHttpdConfig(text: string): HttpdDirective[] {
  const root: HttpdDirective[] = [];
  const open: HttpdDirective[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    let line = trim(lines[i]!);
    while (line.endsWith("\\") && i + 1 < lines.length) line = trim(line.slice(0, -1) + lines[++i]!);
    if (line === "" || line.startsWith("#")) continue;
    const words = splitWords(line, number);
    const first = words[0]!;
    const into = open.length ? open[open.length - 1]!.children! : root;
    if (first.startsWith("</")) {
      const name = first.slice(2).replace(/>$/, "");
      const section = open.pop();
      if (!section || section.name.toLowerCase() !== name.toLowerCase() || !line.endsWith(">")) {
        throw new Error(`line ${number}: </${name}> does not close ${section ? `<${section.name}>` : "any section"}`);
      }
      continue;
    }
    if (first.startsWith("<")) {
      // httpd cuts the section's arguments at their last ">": what follows it is refused.
      const rest = line.slice(line.indexOf(first) + first.length);
      if (!line.endsWith(">")) throw new Error(`line ${number}: <${first.slice(1)} lacks its closing ">"`);
      const args = first.endsWith(">") ? [] : splitWords(trim(rest.slice(0, rest.lastIndexOf(">"))), number, true);
      const section: HttpdDirective = { name: first.slice(1).replace(/>$/, ""), args, line: number, children: [] };
      into.push(section);
      open.push(section);
      continue;
    }
    into.push({ name: first, args: words.slice(1), line: number });
  }
  if (open.length) throw new Error(`<${open[open.length - 1]!.name}> (line ${open[open.length - 1]!.line}) is never closed`);
  return root;
}

/** Every directive, sections first and then their contents, in file order. */
export function flattenDirectives(directives: readonly HttpdDirective[], parents: string[] = []): { path: string[]; directive: HttpdDirective }[] {
  return directives.flatMap((d) => [{ path: parents, directive: d }, ...(d.children ? flattenDirectives(d.children, [...parents, d.name]) : [])]);
}

function trim(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && SPACE.has(line[start]!)) start++;
  while (end > start && SPACE.has(line[end - 1]!)) end--;
  return line.slice(start, end);
}

/** ap_getword_conf applied until the line is used up. */
function splitWords(line: string, number: number, allowEmpty = false): string[] {
  const words: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && SPACE.has(line[i]!)) i++;
    if (i >= line.length) break;
    const quote = line[i];
    if (quote === '"' || quote === "'") {
      let word = "";
      let j = i + 1;
      for (; j < line.length && line[j] !== quote; j++) {
        if (line[j] === "\\" && (line[j + 1] === quote || line[j + 1] === "\\")) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`line ${number}: an argument opened with ${quote} is never closed`);
      words.push(word);
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && !SPACE.has(line[j]!)) j++;
      words.push(line.slice(i, j));
      i = j;
    }
  }
  if (words.length === 0 && !allowEmpty) throw new Error(`line ${number}: no directive`);
  return words;
}
