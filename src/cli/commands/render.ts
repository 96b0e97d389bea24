import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { printable } from "../../diagnostics.js";
import { UserError } from "../../errors.js";
import { maskSecrets } from "../../output/diff.js";
import { changedFiles, type PlannedFile } from "../../output/plan.js";
import { writeAllOrNothing } from "../../output/write.js";
import { planTopology } from "../../pipeline.js";
import { packageVersion } from "../version.js";
import { EXIT, guarded, report, type CommandContext } from "../context.js";

export interface RenderOptions {
  out?: string;
  dryRun?: boolean;
  force?: boolean;
}

export async function renderCommand(files: readonly string[], options: RenderOptions, context: CommandContext): Promise<number> {
  return guarded(context, () => {
    if (options.out !== undefined && files.length !== 1) throw new UserError("--out takes exactly one topology file");
    const planned = files.map((file) => ({ file, ...planTopology(file, { force: options.force }) }));
    for (const p of planned) report(context, p.diagnostics, p.secrets);
    const secrets = planned.flatMap((p) => p.secrets);
    // One bad topology writes nothing at all.
    if (planned.some((p) => !p.plan)) {
      if (context.format === "json") context.io.out(JSON.stringify({ command: "render", status: EXIT.error, topologies: planned.map((p) => ({ file: p.file, diagnostics: p.diagnostics })) }, null, 2));
      return EXIT.error;
    }
    const results = planned.map((p) => {
      const plan = p.plan!;
      if (options.out !== undefined) return { file: p.file, written: writeArtifact(p.file, plan.files, options), files: plan.files };
      const changed = changedFiles(plan);
      // The unchanged files' folders are tidied too: a run killed after renaming them left its backups there.
      if (!options.dryRun) writeAllOrNothing(changed.map((f) => ({ absolutePath: f.absolutePath, content: f.desired, mode: f.mode })), { alsoTidy: plan.files.map((f) => f.absolutePath) });
      return { file: p.file, written: changed, files: plan.files };
    });
    const verb = options.dryRun ? "would write" : "wrote";
    if (context.format === "json") {
      const topologies = results.map((r) => ({
        file: r.file,
        files: r.files.map((f) => ({ path: f.path, status: f.current === undefined ? "created" : f.current === f.desired ? "unchanged" : "updated", written: !options.dryRun && r.written.includes(f) })),
      }));
      context.io.out(maskSecrets(JSON.stringify({ command: "render", status: EXIT.ok, dryRun: Boolean(options.dryRun), topologies }, null, 2), secrets));
      return EXIT.ok;
    }
    for (const r of results) {
      for (const f of r.files) {
        const state = f.current === undefined ? "new" : f.current === f.desired ? "unchanged" : "changed";
        // Paths come from the topology (validated) and its file name (not): printed as one line either way.
        if (options.out === undefined && state === "unchanged") context.io.err(`unchanged   ${printable(f.path)}`);
        else context.io.err(`${options.out === undefined ? verb : "wrote"} ${printable(f.path)}${options.out === undefined ? ` (${state})` : ""}`);
      }
    }
    return EXIT.ok;
  });
}

/** render --out DIR: every file under DIR at its relative path, plus DIR/manifest.json. */
function writeArtifact(topologyFile: string, files: readonly PlannedFile[], options: RenderOptions): PlannedFile[] {
  const out = resolve(options.out!);
  const manifest = {
    cfggen: packageVersion(),
    topology: { path: topologyFile, sha256: sha256(readFileSync(topologyFile)) },
    files: files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.desired), sha256: sha256(f.desired) })),
  };
  if (!options.dryRun) {
    writeAllOrNothing([
      ...files.map((f) => ({ absolutePath: join(out, f.path), content: f.desired, mode: f.holdsSecret ? 0o600 : 0o644 })),
      { absolutePath: join(out, "manifest.json"), content: `${JSON.stringify(manifest, null, 2)}\n`, mode: 0o644 },
    ]);
  }
  return [...files];
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
