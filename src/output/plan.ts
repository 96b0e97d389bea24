// Rendered targets + what is on disk -> the content each file should have.
// Reads files; writes nothing.
import { isUtf8 } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { error, type Finding } from "../diagnostics.js";
import { IoError } from "../errors.js";
import { withPropertySource, PROPERTY_SOURCE_KEY } from "../render/catalina-properties.js";
import type { RenderTarget } from "../render/index.js";
import { hasMarker } from "../render/marker.js";
import { portCollisions, type TomcatPorts } from "./port-collisions.js";
import { patchServerXml } from "./server-xml-patch.js";

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
  /** Refusals (a hand-written file in the way, ...): errors at the key that names the file, or in the file (server.xml). */
  findings: Finding[];
}

export interface PlanOptions {
  /** Overwrite an existing include that lacks cfggen's marker. */
  force?: boolean;
}

export function planFiles(targets: readonly RenderTarget[], baseDir: string, options: PlanOptions = {}): Plan {
  const files: PlannedFile[] = [];
  const findings: Finding[] = [];
  const tomcatPorts: TomcatPorts[] = [];
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
      case "server-xml": {
        const ports: TomcatPorts = { tomcat: target.tomcat, host: target.host, modelPath: target.modelPath, managed: target.managed, unmanaged: [] };
        tomcatPorts.push(ports);
        if (current === undefined) {
          desired = target.fresh;
          break;
        }
        // Whether cfggen wrote the file or not, it changes only what it manages: a hand edit
        // elsewhere (a Valve added to a generated file) is kept and never counts as drift.
        const file = join(baseDir, target.path);
        if (!existing!.utf8) {
          findings.push({ ...error("server-xml-not-utf8", target.modelPath, `${target.path} is not UTF-8 text: cfggen edits UTF-8 (or ASCII) files only, so that every byte it does not manage stays as it is; convert it to UTF-8`), location: { file, line: 1, col: 1 } });
          continue;
        }
        const patch = patchServerXml(current, target.managed, { file, modelPath: target.modelPath });
        if ("refused" in patch) {
          findings.push(...patch.refused);
          continue;
        }
        findings.push(...patch.warnings);
        ports.unmanaged = patch.unmanagedPorts;
        desired = patch.patched;
        break;
      }
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
  findings.push(...portCollisions(tomcatPorts));
  return { files, findings };
}

function readExisting(path: string): { text: string; mode: number; utf8: boolean } | undefined {
  let stat;
  try {
    // A missing file is the common case (every file of a first render): no exception for it.
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (cause) {
    throw IoError.from(path, cause);
  }
  if (!stat) return undefined;
  if (stat.isDirectory()) throw new IoError(path, "is a directory, where cfggen writes a file");
  try {
    const bytes = readFileSync(path);
    return { text: bytes.toString("utf8"), mode: stat.mode & 0o777, utf8: isUtf8(bytes) };
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
