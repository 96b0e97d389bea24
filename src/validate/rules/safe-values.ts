import { error, type Finding, type ModelPath } from "../../diagnostics.js";

const FORBIDDEN = /[\u0000-\u001f\u007f"'<>\\]/;

/**
 * value-unsafe-character: no value may carry what could end a token, an attribute or a line
 * in httpd.conf or XML. value-expansion: httpd and Tomcat both expand `${...}`; only cfggen's
 * own secret references may produce it. Runs on the raw data, whatever the key.
 */
export function safeValues(data: unknown): Finding[] {
  const findings: Finding[] = [];
  walk(data, [], (value, path) => {
    const key = path[path.length - 1];
    if (key === "$schema" && path.length === 1) return;
    const shown = isSecretPath(path) ? "the secret" : JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    const bad = FORBIDDEN.exec(value);
    if (bad) {
      const what = bad[0] < " " || bad[0] === "\u007f" ? `a control character (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})` : `the character ${bad[0]}`;
      findings.push(error("value-unsafe-character", path, `${shown} holds ${what}, which could add or break a directive in httpd.conf or an attribute in server.xml: remove it`));
    } else if (value.includes("${")) {
      findings.push(error("value-expansion", path, `${shown} holds "\${", which httpd and Tomcat would expand as a variable: for a secret write \`secret: { env: NAME }\`, otherwise remove it`));
    }
  });
  return findings;
}

function isSecretPath(path: ModelPath): boolean {
  return path.includes("secret");
}

function walk(node: unknown, path: ModelPath, visit: (value: string, path: ModelPath) => void): void {
  if (typeof node === "string") visit(node, path);
  else if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i], visit));
  else if (node !== null && typeof node === "object") for (const [key, value] of Object.entries(node)) walk(value, [...path, key], visit);
}
