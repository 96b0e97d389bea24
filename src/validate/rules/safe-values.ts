import { error, type Finding, type ModelPath } from "../../diagnostics.js";

/** Control characters (C0, DEL and C1, which the spec forbids as well), quotes, backslash, < and >. */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f"'<>\\]/;
/**
 * Unicode's line and paragraph separators (a line break to some readers of the file) and the
 * bidirectional formatting characters, which make a value read as something else than it is
 * (a mount that looks like /admin): refused like control characters.
 */
const INVISIBLE = /[\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/**
 * Characters XML 1.0 does not allow at all (a server.xml holding one does not parse, and Tomcat
 * does not start): U+FFFE, U+FFFF and surrogates that are not part of a pair (YAML's "\ud800"
 * escape makes one; written out as UTF-8 it would silently become U+FFFD).
 */
const NOT_XML = /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * value-unsafe-character: no value may carry what could end a token, an attribute or a line
 * in httpd.conf or XML. value-expansion: httpd and Tomcat both expand `${...}`; only cfggen's
 * own secret references may produce it. Runs on the raw data, whatever the key.
 */
export function safeValues(data: unknown): Finding[] {
  const findings: Finding[] = [];
  walk(data, [], (value, walked) => {
    const key = walked[walked.length - 1];
    if (key === "$schema" && walked.length === 1) return;
    const bad = FORBIDDEN.exec(value) ?? INVISIBLE.exec(value) ?? NOT_XML.exec(value);
    if (!bad && !value.includes("${")) return;
    // Only a value with a finding needs its own copy of the path and a quotable form.
    const path = [...walked];
    const shown = isSecretPath(path) ? "the secret" : JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    if (bad) {
      const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
      const what = /[\u0000-\u001f\u007f-\u009f]/.test(bad[0])
        ? `a control character (${code})`
        : INVISIBLE.test(bad[0])
          ? `an invisible line separator or text-direction character (${code})`
          : NOT_XML.test(bad[0])
            ? `a character XML does not allow (${code})`
            : `the character ${bad[0]}`;
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

/** Visits every string with the path to it; `path` is one array, changed as the walk goes. */
function walk(node: unknown, path: (string | number)[], visit: (value: string, path: ModelPath) => void): void {
  if (typeof node === "string") visit(node, path);
  else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walk(node[i], path, visit);
      path.pop();
    }
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      path.push(key);
      walk(value, path, visit);
      path.pop();
    }
  }
}
