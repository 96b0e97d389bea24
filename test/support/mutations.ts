// Mutations of a valid topology file, at two levels: the text (lines deleted, duplicated,
// swapped, re-indented, truncated; YAML indicators and hostile fragments inserted) and the data
// (keys deleted or added, values of another type, edge numbers, list items repeated). Each is
// a pure function of the text and a few numbers fast-check chooses, so a failure shrinks and
// repeats.
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { INJECTION_FRAGMENTS } from "./hostile-strings.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const YAML_INDICATORS = [":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!tag ", "!!str ", "!!binary ", '"', "'", "|", ">", "#", "---\n", "...\n", "? ", "%YAML 1.2\n", "\t", "\r\n", "\ufeff", "<<: ", "~", "null", "0x1F", "1e309", ".nan", "-.inf", "0o17"];
const EDGE_VALUES: Json[] = [null, true, false, 0, -1, -0, 1.5, 65535, 65536, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, "", " ", "8009", "true", "null", [], {}, [[]], { "": null }, "x".repeat(5000)];
const KEYS = ["version", "tomcats", "apache", "name", "host", "jvmRoute", "port", "address", "secret", "env", "serverXml", "file", "balancers", "members", "tomcat", "mount", "standby", "status", "__proto__", "constructor", "toString", "", " ", "port ", "Port"];

export type Mutation =
  | { kind: "delete-line" | "duplicate-line" | "swap-lines"; line: number }
  | { kind: "indent"; line: number; by: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete-span"; at: number; length: number }
  | { kind: "truncate"; at: number }
  | { kind: "replace-word"; word: number; text: string }
  | { kind: "delete-key" | "duplicate-item"; node: number }
  | { kind: "set-value"; node: number; value: Json }
  | { kind: "add-key"; node: number; key: string; value: Json };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("delete-line" as const, "duplicate-line" as const, "swap-lines" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...YAML_INDICATORS), fc.constantFrom(...INJECTION_FRAGMENTS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant("delete-span" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace-word" as const), word: fc.nat(), text: fc.oneof(fc.constantFrom(...YAML_INDICATORS, ...INJECTION_FRAGMENTS, ...KEYS), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constantFrom("delete-key" as const, "duplicate-item" as const), node: fc.nat() }),
  fc.record({ kind: fc.constant("set-value" as const), node: fc.nat(), value: fc.oneof(fc.constantFrom(...EDGE_VALUES), fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>) }),
  fc.record({ kind: fc.constant("add-key" as const), node: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), value: fc.constantFrom(...EDGE_VALUES) }),
);

export function mutate(text: string, mutation: Mutation): string {
  const lines = text.split("\n");
  const line = "line" in mutation ? mutation.line % lines.length : 0;
  switch (mutation.kind) {
    case "delete-line":
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join("\n");
    case "duplicate-line":
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join("\n");
    case "swap-lines": {
      const next = (line + 1) % lines.length;
      const swapped = [...lines];
      [swapped[line], swapped[next]] = [lines[next]!, lines[line]!];
      return swapped.join("\n");
    }
    case "indent": {
      const changed = [...lines];
      changed[line] = mutation.by >= 0 ? " ".repeat(mutation.by) + lines[line] : lines[line]!.replace(new RegExp(`^ {0,${-mutation.by}}`), "");
      return changed.join("\n");
    }
    case "insert": {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case "delete-span": {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + mutation.length);
    }
    case "truncate":
      return text.slice(0, mutation.at % (text.length + 1));
    case "replace-word": {
      const words = [...text.matchAll(/[A-Za-z0-9_.\/-]+/g)];
      if (words.length === 0) return text;
      const word = words[mutation.word % words.length]!;
      return text.slice(0, word.index) + mutation.text + text.slice(word.index! + word[0].length);
    }
    default:
      return mutateData(text, mutation);
  }
}

/** Data-level mutations: on the parsed document, written back with yaml's stringify. */
function mutateData(text: string, mutation: Extract<Mutation, { node: number }>): string {
  let data: Json;
  try {
    data = parse(text, { logLevel: "silent" }) as Json;
  } catch {
    return text; // an earlier text mutation broke the YAML: nothing to mutate at this level
  }
  const containers: (Json[] | { [key: string]: Json })[] = [];
  const walk = (node: Json) => {
    if (node === null || typeof node !== "object") return;
    containers.push(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
  };
  walk(data);
  if (containers.length === 0) return text;
  const target = containers[mutation.node % containers.length]!;
  const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
  const pick = keys.length ? keys[mutation.node % keys.length]! : undefined;
  switch (mutation.kind) {
    case "delete-key":
      if (pick === undefined) return text;
      if (Array.isArray(target)) target.splice(pick as number, 1);
      else delete target[pick as string];
      break;
    case "duplicate-item":
      if (Array.isArray(target) && target.length) target.push(structuredClone(target[mutation.node % target.length]!));
      else return text;
      break;
    case "set-value":
      if (pick === undefined) return text;
      (target as Record<string | number, Json>)[pick] = mutation.value;
      break;
    case "add-key":
      if (Array.isArray(target)) target.push({ [mutation.key]: mutation.value });
      else Object.defineProperty(target, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
      break;
  }
  return stringify(data);
}
