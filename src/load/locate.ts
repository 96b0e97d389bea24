// The only module that walks the YAML syntax tree: model path -> FILE:LINE:COL.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { Diagnostic, Finding, ModelPath } from "../diagnostics.js";

export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  atOffset(offset: number): Pick<Diagnostic, "file" | "line" | "col"> {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.file, line, col };
  }

  /**
   * Where a model path is written. For a key that exists: the key (or its value,
   * when asked). For a key that is missing: the nearest enclosing key or item,
   * which is where the user has to add it.
   */
  offsetOf(path: ModelPath, at: "key" | "value" = "key"): number {
    let node: unknown = this.doc.contents;
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
