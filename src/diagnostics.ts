// The one shape every stage reports problems in. Rules speak in model paths;
// the load stage turns a path into FILE:LINE:COL, so positions stay in one place.

export type Severity = "error" | "warning";

/** A path into the topology, as zod and the rules see it: ["tomcats", 1, "ajp", "port"]. */
export type ModelPath = readonly (string | number)[];

/** A place in a file other than the topology, such as an existing server.xml cfggen edits. */
export interface FileLocation {
  file: string;
  line: number;
  col: number;
}

/** A finding before it has a position: what validation rules return. */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  path: ModelPath;
  /** Point at the key (default) or at its value. */
  at?: "key" | "value";
  /** A finding about another file (a server.xml) is placed there instead of at `path`. */
  location?: FileLocation;
}

/** A finding with its place in the file. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: Severity;
  code: string;
  message: string;
}

export function error(code: string, path: ModelPath, message: string): Finding {
  return { severity: "error", code, path, message };
}

export function warning(code: string, path: ModelPath, message: string): Finding {
  return { severity: "warning", code, path, message };
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.code.localeCompare(b.code);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
