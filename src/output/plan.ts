// Rendered targets + what is on disk -> the content each file should have.
// Reads files; writes nothing.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { error, type Finding } from "../diagnostics.js";
import { IoError } from "../errors.js";
import { withPropertySource, PROPERTY_SOURCE_KEY } from "../render/catalina-properties.js";
import type { RenderTarget } from "../render/index.js";
import { hasMarker } from "../render/marker.js";

export interface PlannedFile {
  /** Relative to the topology's folder. */
  path: string;
  absolutePath: string;
  /** Current content; undefined when the file does not exist. */
  current?: string;
  desired: string;
  /** Permission bits for the written file. */
  mode: number;
  holdsSecret: boolean;
}

export interface Plan {
  files: PlannedFile[];
  /** Refusals (a hand-written file in the way, ...): errors at the key that names the file. */
  findings: Finding[];
}

export interface PlanOptions {
  /** Overwrite an existing include that lacks cfggen's marker. */
  force?: boolean;
}

export function planFiles(targets: readonly RenderTarget[], baseDir: string, options: PlanOptions = {}): Plan {
  const files: PlannedFile[] = [];
  const findings: Finding[] = [];
  for (const target of targets) {
    const absolutePath = resolve(baseDir, target.path);
    const existing = readExisting(absolutePath);
    const current = existing?.text;
    let desired: string;
    switch (target.kind) {
      case "include":
        if (current !== undefined && !hasMarker(current) && !options.force) {
          findings.push(error("include-not-generated", target.modelPath, `${target.path} exists and was not written by cfggen (no "Code generated" marker): move it away, or pass --force to overwrite it`));
          continue;
        }
        desired = target.content;
        break;
      case "server-xml":
        if (current !== undefined && !hasMarker(current)) {
          findings.push(error("server-xml-not-generated", target.modelPath, `${target.path} exists and was not written by cfggen: cfggen does not yet edit an existing server.xml; move it away to have a new one written`));
          continue;
        }
        desired = target.fresh;
        break;
      case "catalina-properties": {
        if (current === undefined) {
          desired = target.fresh;
          break;
        }
        const patched = withPropertySource(current);
        if ("conflict" in patched) {
          findings.push(error("catalina-properties-conflict", target.modelPath, `${target.path} sets ${PROPERTY_SOURCE_KEY} to ${patched.conflict}; the AJP secret reference needs the environment source: remove that line or set it to EnvironmentPropertySource`));
          continue;
        }
        desired = patched.text;
        break;
      }
    }
    files.push({ path: target.path, absolutePath, current, desired, mode: modeFor(existing?.mode, target.holdsSecret), holdsSecret: target.holdsSecret });
  }
  return { files, findings };
}

function readExisting(path: string): { text: string; mode: number } | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw IoError.from(path, cause);
  }
  if (stat.isDirectory()) throw new IoError(path, "is a directory, where cfggen writes a file");
  try {
    return { text: readFileSync(path, "utf8"), mode: stat.mode & 0o777 };
  } catch (cause) {
    throw IoError.from(path, cause);
  }
}

/** Keep an existing file's mode; a file with a literal secret is at most 0600. */
function modeFor(existing: number | undefined, holdsSecret: boolean): number {
  if (holdsSecret) return existing === undefined ? 0o600 : existing & 0o600;
  return existing ?? 0o644;
}

export function changedFiles(plan: Plan): PlannedFile[] {
  return plan.files.filter((f) => f.current !== f.desired);
}
