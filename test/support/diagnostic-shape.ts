// What every diagnostic must look like, whatever the input: a place (line and column from 1),
// a documented code, and a message that is one printable line (a value quoted in it cannot
// start a new line or send terminal escapes).
import type { Diagnostic } from "../../src/diagnostics.js";
import { CODES } from "../../src/validate/codes.js";

/** Control characters (C0, DEL, C1), line and paragraph separators, bidirectional overrides, U+FFFE/U+FFFF, unpaired surrogates. */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function diagnosticProblems(d: Diagnostic): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(d.line) || d.line < 1 || !Number.isInteger(d.col) || d.col < 1) problems.push(`position ${d.line}:${d.col}`);
  if (!(d.code in CODES)) problems.push(`undocumented code ${d.code}`);
  else if (CODES[d.code]!.severity !== d.severity) problems.push(`${d.code} reported as ${d.severity}`);
  if (d.message.trim() === "") problems.push("empty message");
  if (UNPRINTABLE.test(d.message)) problems.push(`unprintable character in the message: ${JSON.stringify(d.message)}`);
  return problems;
}

/** A line of text output: FILE:LINE:COL: error|warning CODE: message. */
export const DIAGNOSTIC_LINE = /^[^\n]+:\d+:\d+: (error|warning) [a-z0-9]+(?:-[a-z0-9]+)*: \S[^\n]*$/;
