// Reads a topology file and parses it with source positions. Every YAML-level
// problem becomes a Diagnostic; only an unreadable path is an IoError.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import type { Document } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { IoError } from "../errors.js";
import { Locator } from "./locate.js";
import { parsePlainYaml } from "./plain-yaml.js";
import { parseSyntax, yamlLibrary } from "./yaml-syntax.js";

/** Far above any real topology (10,000 members is about 2 MB); keeps a stray dump out of memory. */
export const MAX_TOPOLOGY_BYTES = 8 * 1024 * 1024;

/**
 * Line breaks, commas and opening brackets: what each YAML node needs one of. The YAML parser
 * costs some microseconds and hundreds of bytes per node, so 8 MiB of `[1,1,1,...]` would take
 * more than a minute and gigabytes; 200,000 (some 25,000 members; 10,000 members have about
 * 80,000) bounds it to a few seconds and a few hundred megabytes.
 */
export const MAX_TOPOLOGY_SEPARATORS = 200_000;

export interface LoadedTopology {
  /** The path as the user gave it: diagnostics name the file this way. */
  file: string;
  source: string;
  /** Plain data (null for an empty file); undefined when the YAML itself is broken. */
  data: unknown;
  locator: Locator;
  diagnostics: Diagnostic[];
}

export function readTopologyFile(file: string): LoadedTopology {
  let stat;
  try {
    stat = statSync(file);
  } catch (cause) {
    throw IoError.from(file, cause);
  }
  if (stat.isDirectory()) throw new IoError(file, "is a directory, not a topology file");
  if (stat.size > MAX_TOPOLOGY_BYTES) {
    return failed(file, "", "file-too-large", `the file is ${stat.size} bytes; a topology is at most ${MAX_TOPOLOGY_BYTES} bytes`);
  }
  let bytes: Buffer | undefined;
  try {
    // A device or a pipe has no size to check first (/dev/zero never ends): read it up to the limit.
    bytes = stat.isFile() ? readFileSync(file) : readAtMost(file, MAX_TOPOLOGY_BYTES);
  } catch (cause) {
    throw IoError.from(file, cause);
  }
  if (bytes === undefined) return failed(file, "", "file-too-large", `the file holds more than ${MAX_TOPOLOGY_BYTES} bytes; a topology is at most ${MAX_TOPOLOGY_BYTES} bytes`);
  if (bytes.includes(0)) return failed(file, "", "not-text", "the file holds NUL bytes: it is not a YAML text file");
  const source = bytes.toString("utf8");
  if (source.includes("\uFFFD")) return failed(file, source, "not-text", "the file is not valid UTF-8 text");
  const separators = countSeparators(source);
  if (separators > MAX_TOPOLOGY_SEPARATORS) {
    return failed(file, source, "file-too-large", `the file has ${separators} line breaks, commas and brackets; a topology has at most ${MAX_TOPOLOGY_SEPARATORS} (10,000 members have about 80,000): split it, or remove what is not a topology`);
  }
  return parseTopology(file, source);
}

/** The file's bytes, or undefined when it holds more than `limit`. */
function readAtMost(file: string, limit: number): Buffer | undefined {
  const fd = openSync(file, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks, total);
      total += n;
      if (total > limit) return undefined;
      chunks.push(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

function countSeparators(source: string): number {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || c === 44 || c === 91 || c === 123) count++; // \n , [ {
  }
  return count;
}

export function parseTopology(file: string, source: string): LoadedTopology {
  // Plain YAML (nearly every topology) is read by the fast reader, and `yaml` runs only if a
  // diagnostic needs a position; anything else is read by `yaml` at once, which reports it.
  const plain = parsePlainYaml(source);
  if (plain) return { file, source, data: plain.data, locator: new Locator(file, () => parseSyntax(source)), diagnostics: [] };
  const syntax = parseSyntax(source);
  const { doc } = syntax;
  const locator = new Locator(file, () => syntax);
  const diagnostics: Diagnostic[] = [
    ...firstPerLine([
      ...doc.errors.map((e) => yamlDiagnostic(locator, e.code, e.message, e.pos[0], source)),
      ...duplicateKeys(doc).map((offset) => yamlDiagnostic(locator, "DUPLICATE_KEY", "", offset, source)),
    ]),
    // yaml's warnings (an unresolved tag such as !custom) are errors here: a topology uses no tags, and nothing is silently ignored.
    ...doc.warnings.map((w) => yamlDiagnostic(locator, w.code, w.message, w.pos[0])),
    // One per line: an alias bomb has ten aliases on each line.
    ...firstPerLine(aliasDiagnostics(doc, locator)),
  ];
  const broken = diagnostics.some((d) => d.severity === "error");
  // Aliases are refused before toJS, so an alias bomb never expands.
  const data = broken ? undefined : doc.toJS({ maxAliasCount: 0 });
  return { file, source, data, locator, diagnostics };
}

function yamlDiagnostic(locator: Locator, yamlCode: string, message: string, offset: number, source = ""): Diagnostic {
  if (yamlCode === "DUPLICATE_KEY") {
    const key = /^[^:\n]*/.exec(source.slice(offset))![0].trim();
    return { ...locator.atOffset(offset), severity: "error", code: "yaml-duplicate-key", message: `key \`${key}\` appears twice in this mapping: keep one (many YAML readers silently keep only the last)` };
  }
  // yaml's messages end with a source excerpt after a colon-newline; keep the first line.
  const firstLine = message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const said = SAYS_MORE[yamlCode]?.(firstLine);
  const hint = YAML_HINTS[yamlCode] ?? "check this line and the one above it for an unclosed quote or bracket, a missing colon or uneven indentation";
  return { ...locator.atOffset(offset), severity: "error", code: "yaml-syntax", message: said ?? `${firstLine.replace(/\.$/, "")}: ${hint}` };
}

/** What to write instead, for each of yaml's error codes a topology can run into. */
const YAML_HINTS: Record<string, string> = {
  BAD_DQ_ESCAPE: "inside double quotes write \\\\ for a backslash, or use single quotes",
  BAD_INDENT: "indent the keys of one mapping (and the items of one list) to the same column",
  BAD_SCALAR_START: "put the value in quotes",
  BLOCK_AS_IMPLICIT_KEY: "put each key on its own line, indented under its parent key",
  BLOCK_IN_FLOW: "inside [ ] or { } write the values on one line",
  KEY_OVER_1024_CHARS: "shorten the key",
  MISSING_CHAR: "add what is missing: a closing quote or bracket, or the colon after a key",
  MULTILINE_IMPLICIT_KEY: "write each key and its colon on one line, and check the indentation above",
  TAB_AS_INDENT: "indent with spaces, not tabs",
  TAG_RESOLVE_FAILED: "remove the tag: a topology needs none",
  BAD_ALIAS: "remove the * and write the value out",
  MULTIPLE_ANCHORS: "remove the & anchors: a topology needs none",
  MULTIPLE_TAGS: "remove the tags: a topology needs none",
  BAD_PROP_ORDER: "remove the anchor or tag: a topology needs none",
  BAD_DIRECTIVE: "remove the % directive line",
  NON_STRING_KEY: "write the key as a plain name",
};

/** yaml's messages that name its own internals, said in the topology's terms. */
const SAYS_MORE: Record<string, (message: string) => string | undefined> = {
  MULTIPLE_DOCS: () => "a second YAML document starts here: a topology file holds one document; remove this --- line and what follows it, or merge the two",
  // The parser gives up on deep nesting with the engine's own stack overflow.
  RESOURCE_EXHAUSTION: (message) => (/call stack/i.test(message) ? "lists or mappings nested too deep (hundreds of levels): a topology nests a few; remove the extra [ or { levels" : undefined),
};

/**
 * Offsets of keys that repeat one before them in the same mapping. yaml's own uniqueKeys check
 * compares each key with every earlier one: minutes for a mapping of 100,000 keys.
 */
function duplicateKeys(doc: Document): number[] {
  const { isScalar, visit } = yamlLibrary();
  const offsets: number[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) offsets.push(pair.key.range?.[0] ?? 0);
        else seen.add(pair.key.value);
      }
    },
  });
  return offsets;
}

/** One syntax error per line: the parser's follow-up complaints about the same spot are noise. */
function firstPerLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const lines = new Set<number>();
  return diagnostics.filter((d) => !lines.has(d.line) && (lines.add(d.line), true));
}

function aliasDiagnostics(doc: Document, locator: Locator): Diagnostic[] {
  const found: Diagnostic[] = [];
  yamlLibrary().visit(doc, {
    Alias(_key, node) {
      found.push({
        ...locator.atOffset(node.range?.[0] ?? 0),
        severity: "error",
        code: "yaml-alias",
        message: `alias *${node.source} is not supported: write the value out, so every setting has one place in the file`,
      });
    },
  });
  return found;
}

function failed(file: string, source: string, code: string, message: string): LoadedTopology {
  const locator = new Locator(file, () => parseSyntax(""));
  return { file, source, data: undefined, locator, diagnostics: [{ file, line: 1, col: 1, severity: "error", code, message }] };
}
