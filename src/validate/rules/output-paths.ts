import { posix } from "node:path";
import { error, type Finding, type ModelPath } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";

/**
 * output-path: generated files live below the topology's folder (spec: paths are relative to it),
 * so `render --out DIR` can mirror them. output-path-duplicate: two outputs cannot share a file.
 */
export function outputPaths(topology: Topology): Finding[] {
  const outputs: [string, ModelPath][] = [
    ["apache.file", ["apache", "file"]],
    ...topology.tomcats.map((_, i): [string, ModelPath] => [`tomcats[${i}].serverXml`, ["tomcats", i, "serverXml"]]),
  ];
  const values = [topology.apache.file, ...topology.tomcats.map((t) => t.serverXml)];
  const seen = new Map<string, string>();
  return outputs.flatMap(([what, path], i) => {
    const value = values[i]!;
    const normalized = posix.normalize(value.replace(/\\/g, "/"));
    if (posix.isAbsolute(normalized) || normalized === ".." || normalized.startsWith("../") || normalized === ".") {
      return [error("output-path", path, `${what} "${value}" must be a file path relative to the topology's folder, inside it`)];
    }
    const owner = seen.get(normalized);
    if (owner) return [error("output-path-duplicate", path, `${what} "${value}" is the same file as ${owner}: give each output its own file`)];
    seen.set(normalized, what);
    return [];
  });
}
