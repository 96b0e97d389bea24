// Escaping per target. Handlebars' own escaping is HTML's and is switched off
// (noEscape); every value in a template goes through one of these instead.

/** A double-quoted httpd argument (ap_getword_conf unescapes \" and \\). */
export function httpdQuote(value: string): string {
  assertNoLineBreak(value);
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** An httpd `key=value` worker or balancer parameter: the value must be one bare token. */
export function httpdParam(key: string, value: string | number): string {
  const text = String(value);
  if (!/^[^\s"'\\<>]+$/.test(text)) throw new Error(`internal: httpd parameter ${key} has a value that is not one token`);
  return `${key}=${text}`;
}

/** A bare httpd word (a number, a module name, an address after `Require ip`). */
export function httpdWord(value: string | number): string {
  const text = String(value);
  if (!/^[^\s"'\\<>]+$/.test(text)) throw new Error("internal: an httpd word is not one token");
  return text;
}

/** Text after `#` on a comment line: it must not end the line. */
export function commentText(value: string): string {
  assertNoLineBreak(value);
  return value;
}

/** Text inside an XML comment: "--" would end it early. */
export function xmlComment(value: string): string {
  assertNoLineBreak(value);
  return value.replace(/--/g, "- -");
}

/** An XML attribute or element name (names come from cfggen's code, never from the topology). */
export function xmlName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value)) throw new Error(`internal: "${value}" is not an XML name`);
  return value;
}

/** An XML attribute value inside double quotes. */
export function xmlAttr(value: string | number): string {
  const text = String(value);
  assertNoLineBreak(text);
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function assertNoLineBreak(value: string): void {
  // Validation refuses control characters; reaching here with one is a bug, not bad input.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error("internal: a control character reached a template");
}
