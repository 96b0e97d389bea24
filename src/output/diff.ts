// Unified diffs of planned files, with secrets masked and optional colour.
import { createTwoFilesPatch } from "diff";
import type { PlannedFile } from "./plan.js";

export function unifiedDiff(file: PlannedFile): string {
  const patch = createTwoFilesPatch(`a/${file.path}`, `b/${file.path}`, file.current ?? "", file.desired, undefined, undefined, { context: 3 });
  // jsdiff starts with an "Index:"-less "===" header line; keep the git-like part.
  const lines = patch.split("\n");
  const start = lines.findIndex((l) => l.startsWith("--- "));
  const body = lines.slice(start);
  if (file.current === undefined) body[0] = "--- /dev/null";
  return maskHttpdSecrets(maskXmlCredentials(body.join("\n")));
}

/**
 * An existing server.xml can hold credentials cfggen never saw in the topology (an old AJP secret
 * it replaces, a keystore password in a context line): a quoted XML attribute whose name ends in
 * secret, password or pass shows as ********, unless it is a ${...} reference.
 */
const XML_CREDENTIAL = /\b([\w.:-]*?(?:secret|password|pass))(\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

export function maskXmlCredentials(text: string): string {
  return text.replace(XML_CREDENTIAL, (whole, name: string, equals: string, double?: string, single?: string) => {
    const value = double ?? single ?? "";
    if (value === "" || /^\$\{[^}]*\}$/.test(value)) return whole;
    const quote = double !== undefined ? '"' : "'";
    return `${name}${equals}${quote}********${quote}`;
  });
}

/**
 * The same for the include: the old file on disk can hold a literal `secret=` the topology no
 * longer has (the secret was changed, or moved to { env: NAME }), which topology-based masking
 * cannot know. An unquoted secret=VALUE parameter shows as secret=********, unless a ${...} reference.
 */
const HTTPD_SECRET = /\b(secret=)(?!\$\{[^}\s]*\}(?:\s|$))([^\s"']+)/gi;

export function maskHttpdSecrets(text: string): string {
  return text.replace(HTTPD_SECRET, "$1********");
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret.length > 0) masked = masked.split(secret).join("********");
  return masked;
}

export interface Palette {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  yellow(text: string): string;
}

/** git's default diff colours: meta bold, hunk headers cyan, removals red, additions green. */
export function colorDiff(diff: string, palette: Palette): string {
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("--- ") || line.startsWith("+++ ")) return palette.bold(line);
      if (line.startsWith("@@")) return palette.cyan(line);
      if (line.startsWith("-")) return palette.red(line);
      if (line.startsWith("+")) return palette.green(line);
      return line;
    })
    .join("\n");
}
