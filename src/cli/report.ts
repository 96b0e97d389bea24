// Diagnostics as text (GNU "FILE:LINE:COL: severity CODE: message"), GitHub annotations or JSON.
import type { Diagnostic } from "../diagnostics.js";
import { maskSecrets, type Palette } from "../output/diff.js";

export type Format = "text" | "json" | "github";

export function formatDiagnostic(d: Diagnostic, color: Palette): string {
  const severity = d.severity === "error" ? color.red("error") : color.yellow("warning");
  return `${color.bold(`${d.file}:${d.line}:${d.col}:`)} ${severity} ${d.code}: ${d.message}`;
}

// GitHub Actions workflow commands: their data must escape %, CR and LF (and , : in properties).
const data = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const property = (s: string) => data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function githubAnnotation(d: Diagnostic): string {
  return `::${d.severity} file=${property(d.file)},line=${d.line},col=${d.col},title=${property(`cfggen ${d.code}`)}::${data(d.message)}`;
}

/** An error on a whole file (a generated file that drifted), shown on that file in the pull request. */
export function githubFileError(file: string, title: string, message: string): string {
  return `::error file=${property(file)},title=${property(title)}::${data(message)}`;
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], format: Format, err: (text: string) => void, color: Palette, secrets: readonly string[], out?: (text: string) => void): void {
  for (const d of diagnostics) {
    const line = format === "github" ? githubAnnotation(d) : formatDiagnostic(d, color);
    const masked = maskSecrets(line, secrets);
    // Workflow commands are read from standard output.
    if (format === "github" && out) out(masked);
    else err(masked);
  }
}
