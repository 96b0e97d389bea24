// Semantic validation: schema first, then every rule over the typed model.
// All findings come back at once; the caller sorts them by position.
import type { Finding } from "../diagnostics.js";
import type { Topology } from "../model/normalize.js";
import { parseModel } from "../model/parse.js";
import type { Rule } from "./rule.js";
import { ADVICE, RULES } from "./rules/index.js";
import { safeValues } from "./rules/safe-values.js";

export interface ValidationResult {
  topology?: Topology;
  findings: Finding[];
}

export function validateData(data: unknown): ValidationResult {
  const model = parseModel(data);
  const schemaPaths = new Set(model.findings.map((f) => f.path.join("\u0000")));
  // One problem, one diagnostic: the schema's own complaint about a key wins.
  const unsafe = safeValues(data).filter((f) => !schemaPaths.has(f.path.join("\u0000")));
  if (!model.topology) return { findings: [...model.findings, ...unsafe] };
  const topology = model.topology;
  const findings = [...unsafe, ...[...RULES, ...ADVICE].flatMap((rule: Rule) => rule(topology))];
  return { topology, findings };
}
