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

/**
 * Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides,
 * noncharacters U+FFFE/U+FFFF and unpaired surrogates (which no terminal or UTF-8 file can show).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as one printable line: a value quoted in a message (an unknown key, a member's Tomcat)
 * or a path cannot start a new line, forge a diagnostic or send terminal escapes. Each such
 * character is shown as its JSON escape: "\n", "\u001b".
 */
export function printable(text: string): string {
  const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  return text.replace(UNPRINTABLE, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The diagnostic with a printable file name and message. */
export function printableDiagnostic(d: Diagnostic): Diagnostic {
  return { ...d, file: printable(d.file), message: printable(d.message) };
}
