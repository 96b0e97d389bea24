import { printable, type Diagnostic } from "../diagnostics.js";
import { IoError, UserError } from "../errors.js";
import type { Format } from "./report.js";
import { printDiagnostics } from "./report.js";
import type { Io } from "./terminal.js";

export const EXIT = { ok: 0, drift: 1, error: 2 } as const;

export interface CommandContext {
  io: Io;
  format: Format;
}

/** Runs a command body; a user-facing error becomes one line and exit 2, never a stack trace. */
export async function guarded(context: CommandContext, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (cause) {
    if (cause instanceof IoError || cause instanceof UserError) {
      if (context.format === "json") context.io.out(JSON.stringify({ error: cause.message }, null, 2));
      // The message names a path as the user gave it: one line, whatever characters it holds.
      else context.io.err(`cfggen: ${printable(cause.message)}`);
      return EXIT.error;
    }
    throw cause;
  }
}

export function report(context: CommandContext, diagnostics: readonly Diagnostic[], secrets: readonly string[]): void {
  if (context.format === "json") return;
  printDiagnostics(diagnostics, context.format, context.io.err, context.io.stderrColor, secrets, context.io.out);
}
