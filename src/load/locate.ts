// The only module that walks the YAML syntax tree: model path -> FILE:LINE:COL.
import type { Node, Pair, YAMLMap } from "yaml";
import type { Diagnostic, Finding, ModelPath } from "../diagnostics.js";
import { yamlLibrary, type YamlSyntax } from "./yaml-syntax.js";

export class Locator {
  private parsed?: YamlSyntax;

  /** `syntax` is called once, when a position is first needed: a clean file never pays for it. */
  constructor(
    readonly file: string,
    private readonly syntax: () => YamlSyntax,
  ) {}

  private get tree(): YamlSyntax {
    this.parsed ??= this.syntax();
    return this.parsed;
  }

  atOffset(offset: number): Pick<Diagnostic, "file" | "line" | "col"> {
    const { line, col } = this.tree.lineCounter.linePos(offset);
    return { file: this.file, line, col };
  }

  /**
   * Where a model path is written. For a key that exists: the key (or its value,
   * when asked). For a key that is missing: the nearest enclosing key or item,
   * which is where the user has to add it.
   */
  offsetOf(path: ModelPath, at: "key" | "value" = "key"): number {
    const { isMap, isSeq } = yamlLibrary();
    let node: unknown = this.tree.doc.contents;
    let offset = startOf(node) ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = keyIndex(node).get(segment);
        if (!pair) return offset;
        offset = startOf(pair.key) ?? offset;
        node = pair.value;
        if (at === "value" && segment === path[path.length - 1]) offset = startOf(node) ?? offset;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) return offset;
        node = item;
        offset = startOf(node) ?? offset;
      } else {
        return offset;
      }
    }
    return offset;
  }

  place(finding: Finding): Diagnostic {
    return {
      ...(finding.location ?? this.atOffset(this.offsetOf(finding.path, finding.at))),
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
    };
  }
}

const keyIndexes = new WeakMap<YAMLMap, Map<unknown, Pair>>();

/**
 * The first pair of each scalar key of a mapping, built once per mapping: a file with 100,000
 * unknown keys gets 100,000 diagnostics, and searching the mapping for each was quadratic.
 */
function keyIndex(map: YAMLMap): Map<unknown, Pair> {
  const { isPair, isScalar } = yamlLibrary();
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) if (isPair(pair) && isScalar(pair.key) && !index.has(pair.key.value)) index.set(pair.key.value, pair);
    keyIndexes.set(map, index);
  }
  return index;
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
