// The stages in order, for one topology file: load -> model/validate -> render -> plan.
// Commands call these; nothing here prints or exits.
import { basename, dirname } from "node:path";
import { byPosition, hasErrors, printableDiagnostic, type Diagnostic } from "./diagnostics.js";
import { readTopologyFile, type LoadedTopology } from "./load/read.js";
import type { Topology } from "./model/normalize.js";
import { planFiles, type Plan, type PlanOptions } from "./output/plan.js";
import { renderTargets } from "./render/index.js";
import { literalSecrets } from "./render/secret.js";
import { validateData } from "./validate/index.js";

export interface ValidatedTopology {
  loaded: LoadedTopology;
  /** Present when there is no error. */
  topology?: Topology;
  diagnostics: Diagnostic[];
  /** Literal secret values seen in the file, to mask in anything printed. */
  secrets: string[];
}

export function loadAndValidate(file: string): ValidatedTopology {
  const loaded = readTopologyFile(file);
  const diagnostics = [...loaded.diagnostics];
  let topology: Topology | undefined;
  if (!hasErrors(diagnostics)) {
    const result = validateData(loaded.data);
    diagnostics.push(...result.findings.map((f) => loaded.locator.place(f)));
    if (!hasErrors(diagnostics)) topology = result.topology;
  }
  const secrets = topology ? literalSecrets(topology.tomcats) : rawSecrets(loaded.data);
  // Every diagnostic passes here: values quoted in messages are made printable once, for all formats.
  return { loaded, topology, diagnostics: distinct(diagnostics.map(printableDiagnostic)).sort(byPosition), secrets };
}

export interface PlannedTopology extends ValidatedTopology {
  plan?: Plan;
}

export function planTopology(file: string, options: PlanOptions = {}): PlannedTopology {
  const validated = loadAndValidate(file);
  if (!validated.topology) return validated;
  const targets = renderTargets(validated.topology, basename(file));
  const plan = planFiles(targets, dirname(file), options);
  const refusals = plan.findings.map((f) => printableDiagnostic(validated.loaded.locator.place(f)));
  return { ...validated, plan: hasErrors(refusals) ? undefined : plan, diagnostics: [...validated.diagnostics, ...refusals].sort(byPosition) };
}

/** One problem, one line: zod reports packetSize: 1000 both as too small and as no multiple of 1024, in the same words. */
function distinct(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.severity}:${d.code}:${d.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

/**
 * Secrets in a file that did not validate: any string or number under a `secret` key. Very short ones are
 * not masked (they would mask unrelated text); no diagnostic quotes a secret's value anyway.
 */
function rawSecrets(data: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        // A number is a secret of the wrong type, still to be masked.
        if (key === "secret" && (typeof value === "string" || typeof value === "number")) {
          if (String(value).length >= 8) found.push(String(value));
        }
        else walk(value);
      }
    }
  };
  walk(data);
  return found;
}
