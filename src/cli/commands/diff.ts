// diff and check: what is on disk against what would be rendered.
import { relative } from "node:path";
import { changedFiles } from "../../output/plan.js";
import { colorDiff, maskSecrets, unifiedDiff } from "../../output/diff.js";
import { planTopology } from "../../pipeline.js";
import { EXIT, guarded, report, type CommandContext } from "../context.js";
import { githubFileError } from "../report.js";

export interface DiffOptions {
  /** check: silent when in sync; on drift also print the command that fixes it. */
  check: boolean;
  force?: boolean;
}

export async function diffCommand(files: readonly string[], options: DiffOptions, context: CommandContext): Promise<number> {
  return guarded(context, () => {
    let status: number = EXIT.ok;
    const json: unknown[] = [];
    const secrets: string[] = [];
    for (const file of files) {
      const planned = planTopology(file, { force: options.force });
      secrets.push(...planned.secrets);
      report(context, planned.diagnostics, planned.secrets);
      if (!planned.plan) {
        status = EXIT.error;
        json.push({ file, diagnostics: planned.diagnostics, files: [] });
        continue;
      }
      const changed = changedFiles(planned.plan);
      if (changed.length > 0 && status === EXIT.ok) status = EXIT.drift;
      json.push({
        file,
        diagnostics: planned.diagnostics,
        files: planned.plan.files.map((f) => ({
          path: f.path,
          status: f.current === undefined ? "missing" : f.current === f.desired ? "unchanged" : "differs",
          ...(f.current !== f.desired ? { diff: unifiedDiff(f) } : {}),
        })),
      });
      if (context.format === "json" || changed.length === 0) continue;
      for (const f of changed) context.io.out(colorDiff(maskSecrets(unifiedDiff(f), planned.secrets), context.io.stdoutColor));
      if (options.check) {
        const shown = /^[\w./@+-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`;
        context.io.err(`cfggen: ${changed.length} file${changed.length === 1 ? "" : "s"} out of date with ${shown}; to fix, run: cfggen render ${shown}`);
        if (context.format === "github") {
          for (const f of changed) context.io.out(githubFileError(relative(process.cwd(), f.absolutePath), "cfggen drift", `out of date with ${file}; to fix, run: cfggen render ${shown}`));
        }
      }
    }
    if (context.format === "json") context.io.out(maskSecrets(JSON.stringify({ command: options.check ? "check" : "diff", status, topologies: json }, null, 2), secrets));
    return status;
  });
}
