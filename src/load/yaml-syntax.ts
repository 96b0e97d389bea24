// `yaml`, the reader that keeps source positions, loads on first use: a topology the fast reader
// (plain-yaml.ts) takes whole and that has nothing to report never needs it.
import type * as Yaml from "yaml";
import { loadYaml } from "./lazy-libraries.js";

let library: typeof Yaml | undefined;

export function yamlLibrary(): typeof Yaml {
  library ??= loadYaml();
  return library;
}

export interface YamlSyntax {
  doc: Yaml.Document;
  lineCounter: Yaml.LineCounter;
}

/** The syntax tree of a topology, with the options every diagnostic is computed under. */
export function parseSyntax(source: string): YamlSyntax {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lineCounter = new LineCounter();
  // Duplicate keys are found by read.ts in linear time; yaml's own check is quadratic.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  return { doc, lineCounter };
}
