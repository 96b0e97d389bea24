// The only module that walks the YAML syntax tree: model path -> FILE:LINE:COL.
import type { Node } from "yaml";
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
    const { isMap, isPair, isScalar, isSeq } = yamlLibrary();
    let node: unknown = this.tree.doc.contents;
    let offset = startOf(node) ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
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

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
