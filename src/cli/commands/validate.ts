import { hasErrors } from "../../diagnostics.js";
import { loadAndValidate } from "../../pipeline.js";
import { EXIT, guarded, report, type CommandContext } from "../context.js";
import { maskSecrets } from "../../output/diff.js";

export async function validateCommand(files: readonly string[], context: CommandContext): Promise<number> {
  return guarded(context, () => {
    const results = files.map((file) => {
      const validated = loadAndValidate(file);
      report(context, validated.diagnostics, validated.secrets);
      return { file, valid: !hasErrors(validated.diagnostics), diagnostics: validated.diagnostics, secrets: validated.secrets };
    });
    const valid = results.every((r) => r.valid);
    if (context.format === "json") {
      const secrets = results.flatMap((r) => r.secrets);
      context.io.out(maskSecrets(JSON.stringify({ command: "validate", valid, topologies: results.map(({ secrets: _, ...r }) => r) }, null, 2), secrets));
    }
    return valid ? EXIT.ok : EXIT.error;
  });
}
