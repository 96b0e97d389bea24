// Strings that try to break out of a directive, an argument, an attribute or a line: the
// fragments an attacker (or an unlucky copy and paste) would use, mixed into values that are
// otherwise valid, so that some of them pass validation and are rendered.
import fc from "fast-check";

/** Each fragment targets one way out: httpd words, quotes and sections; XML markup; expansion; lines. */
export const INJECTION_FRAGMENTS = [
  '"', "'", "\\", "<", ">", "&", "${", "${HOME}", "${AJP_SECRET}", "${X:-y}", "$", "{", "}", "%{HTTP_HOST}",
  "\n", "\r\n", "\r", "\t", "\v", "\f", "\u0000", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\u2028", "\u2029",
  "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "\u202e", "\u00a0", "\u3000",
  "]]>", "-->", "<!--", "&amp;", "&#10;", "&lt;", "&#x22;", "<![CDATA[", "<?xml?>", "<!DOCTYPE x>",
  " ", "  ", "#", "=", "|", ",", ";", "%", "%0a", "*", "?", "!", "~", ":", "@", "[", "]", "(", ")", "+", "`",
  "/", "//", "..", "../", "/./", "é", "中文", "😀", "İ", "ß",
  "\nProxyPass / http://evil/", '" evil="1', "' evil='1", '"/><Valve className="x"/><x a="', "</Proxy>", "<Location />", " status=+D", " secret=x",
];

/** Fragments validation lets through in some fields: the renderer, not validation, must keep them in place. */
const SURVIVABLE_FRAGMENTS = ["&", "&amp;", "&#10;", "&lt;", "]]>", "-->", "%", "%0a", ";", "$", "{", "}", "$ {", "!", "~", "=", "|", ",", "*", "@", "[", "]", "(", ")", "+", "`", "#", ":", " ", "\u00a0", "\u3000", "é", "中文", "😀", "İ", "ß"];

/** Values that are valid somewhere (hosts, networks, paths, names, encodings), tried in every field. */
const PLAUSIBLE_VALUES = [
  "::1", "fe80::1%eth0", "2001:db8::1", "[::1]", "localhost", "xn--bcher-kva.example", "a-b.example.com", "0.0.0.0", "::", "127.0.0.2", "10.1", "10.0.0.0/8", "::/0",
  "/", "/a/b/", "/é/&;%", "/a b", "/x{y}$z", "/%2e%2e/", "/..", "/./x", "/a=b", "!", "x", "web", "db", "node-1", "UTF-8", "GBK", "x-enc&amp;", "A_B-c",
  "JSESSIONID", "JSESSIONID|jsessionid", "a.b|c.d", "ENV_NAME", "_x", "apache/x y.conf", "dir/ü/server.xml", "a/../b.xml", "Literal_Secret_abcdefghij",
];

/** Code points of every kind, unpaired surrogates included (JSON and YAML escapes can produce them). */
const anyCodeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0x80, max: 0xffff }),
).map((n) => String.fromCharCode(n));

const anyString = fc.string({ unit: fc.oneof(anyCodeUnit, fc.constantFrom(...INJECTION_FRAGMENTS), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 12 });

/** Fragments inserted at random places into a valid value: near misses that often stay valid. */
function nearValid(valid: string) {
  const fragment = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...SURVIVABLE_FRAGMENTS) }, fc.constantFrom(...INJECTION_FRAGMENTS), anyString);
  return fc.array(fc.tuple(fc.nat(), fragment), { minLength: 1, maxLength: 3 }).map((insertions) => {
    let text = valid;
    for (const [at, fragment] of insertions) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + fragment + text.slice(i);
    }
    return text;
  });
}

/** Long values: a valid value with a long run of one fragment (up to 20,000 characters). */
function veryLong(valid: string) {
  return fc.tuple(fc.constantFrom("a", "é", "&", "/x", "%", "😀", ...INJECTION_FRAGMENTS), fc.integer({ min: 256, max: 20_000 })).map(([fragment, length]) => (valid + fragment.repeat(Math.ceil(length / fragment.length))).slice(0, Math.max(length, valid.length)));
}

/** A hostile replacement for `valid`, the value a field holds in a valid topology. */
export function hostileString(valid: string) {
  return fc.oneof(
    { weight: 5, arbitrary: nearValid(valid) },
    { weight: 2, arbitrary: anyString },
    { weight: 1, arbitrary: veryLong(valid) },
    { weight: 2, arbitrary: fc.constantFrom(...PLAUSIBLE_VALUES, "", " ", valid.toUpperCase(), `${valid} `, ` ${valid}`) },
  );
}

/** Whether a string holds something other than letters, digits and . _ / - : what makes an accepted value interesting. */
export function hasSpecialCharacters(value: string): boolean {
  return /[^A-Za-z0-9._\/-]/.test(value);
}
