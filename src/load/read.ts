// Reads a topology file and parses it with source positions. Every YAML-level
// problem becomes a Diagnostic; only an unreadable path is an IoError.
import { readFileSync, statSync } from "node:fs";
import type { Document } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { IoError } from "../errors.js";
import { Locator } from "./locate.js";
import { parsePlainYaml } from "./plain-yaml.js";
import { parseSyntax, yamlLibrary } from "./yaml-syntax.js";

/** Far above any real topology (10,000 members is about 2 MB); keeps a stray dump out of memory. */
export const MAX_TOPOLOGY_BYTES = 8 * 1024 * 1024;

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
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw IoError.from(file, cause);
  }
  if (bytes.includes(0)) return failed(file, "", "not-text", "the file holds NUL bytes: it is not a YAML text file");
  const source = bytes.toString("utf8");
  if (source.includes("\uFFFD")) return failed(file, source, "not-text", "the file is not valid UTF-8 text");
  return parseTopology(file, source);
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
    ...firstPerLine(doc.errors.map((e) => yamlDiagnostic(locator, e.code, e.message, e.pos[0], source))),
    ...doc.warnings.map((w) => ({ ...yamlDiagnostic(locator, w.code, w.message, w.pos[0]), severity: "warning" as const })),
    ...aliasDiagnostics(doc, locator),
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
  return { ...locator.atOffset(offset), severity: "error", code: "yaml-syntax", message: firstLine };
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
