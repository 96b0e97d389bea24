// A fast reader for the plain YAML that topologies are written in: block mappings and sequences,
// one-line scalars and one-line flow collections, comments. `yaml` (read.ts) builds a syntax tree
// with positions and is some ten times slower: at 10,000 members it takes most of a render.
//
// The fast reader must never disagree with `yaml`. So it only runs on a file whose every line is
// in a small, unsurprising subset (no anchors, aliases, tags, directives, block scalars,
// multi-line scalars or flow collections, tabs or CRs, keys that are not identifiers), resolves
// plain scalars with exactly the rules of `yaml`'s core schema, and gives up on anything js-yaml
// reports. Giving up costs only time: read.ts then uses `yaml` as before. A property test holds
// the two readers to the same data on random near-topology text.
import type * as JsYaml from "js-yaml";
import { loadJsYaml } from "./lazy-libraries.js";

/** `yaml`'s core schema (YAML 1.2), tag by tag, in its order. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

function coreSchema(jsyaml: typeof JsYaml): JsYaml.Schema {
  const scalar = (tag: string, resolve: (text: string) => boolean, construct: (text: string) => unknown) =>
    new jsyaml.Type(`tag:yaml.org,2002:${tag}`, { kind: "scalar", resolve: (text: unknown) => typeof text === "string" && resolve(text), construct });
  return jsyaml.FAILSAFE_SCHEMA.extend({
    implicit: [
      scalar("null", (t) => NULL.test(t), () => null),
      scalar("bool", (t) => BOOL.test(t), (t) => t[0] === "t" || t[0] === "T"),
      // js-yaml keeps one resolver per tag: the three integer forms share one.
      scalar(
        "int",
        (t) => INT_OCT.test(t) || INT_DEC.test(t) || INT_HEX.test(t),
        (t) => (INT_OCT.test(t) ? parseInt(t.substring(2), 8) : INT_DEC.test(t) ? parseInt(t, 10) : parseInt(t.substring(2), 16)),
      ),
      scalar(
        "float",
        (t) => FLOAT_NAN.test(t) || FLOAT_EXP.test(t) || FLOAT.test(t),
        (t) => (FLOAT_NAN.test(t) ? (t.slice(-3).toLowerCase() === "nan" ? NaN : t[0] === "-" ? -Infinity : Infinity) : parseFloat(t)),
      ),
    ],
  });
}

// The subset, line by line. Keys are identifiers (never null, so js-yaml and `yaml` name them
// alike); values are plain scalars, quoted strings without escapes, or one-line flow collections.
const KEY = String.raw`(?!(?:null|Null|NULL)\s*:)[$A-Za-z_][\w-]{0,99}`;
const PLAIN_CHAR = String.raw`(?:[^\s:#]|:(?=\S)|(?<=\S)#)`;
const PLAIN = String.raw`(?:[^\s\-?:,\[\]{}#&*!|>'"%@\x60]|-(?=[\w.]))${PLAIN_CHAR}*(?: +${PLAIN_CHAR}+)*`;
const QUOTED = String.raw`(?:"[^"\\\n]*"|'[^'\n]*')`;
const FLOW_SCALAR = String.raw`(?:${QUOTED}|(?:[\w./+]|-(?=[\w.]))[\w./+-]*(?: +[\w./+-]+)*)`;
const FLOW_SEQUENCE = String.raw`\[ *(?:${FLOW_SCALAR}(?: *, *${FLOW_SCALAR})*)? *\]`;
const FLOW_MAPPING = String.raw`\{ *(?:${KEY}: +${FLOW_SCALAR}(?: *, *${KEY}: +${FLOW_SCALAR})*)? *\}`;
const VALUE = String.raw`(?:${QUOTED}|${FLOW_SEQUENCE}|${FLOW_MAPPING}|${PLAIN})`;
/** A comment after a value, or trailing spaces. */
const COMMENT = String.raw`(?: +#.*| *)`;
// Sticky, each tried at the start of a line and required to reach its end: no line is copied out.
const LINE_END = String.raw`(?=\n|$)`;
const LINE = new RegExp(String.raw`(?: *(?:#.*)?| *(?:- +)*${KEY}:(?: +${VALUE})?${COMMENT}| *(?:- +)+${VALUE}${COMMENT})${LINE_END}`, "y");
/** Most lines of a topology (`  port: 8009`): a cheap test first, a subset of LINE. */
const SIMPLE_LINE = new RegExp(String.raw` *(?:- +)*${KEY}:(?: [\w./+]+)?${LINE_END}`, "y");
/** Anything outside printable text (and U+FEFF, NEL, LS, PS, which YAML may treat specially). */
const UNUSUAL_CHARACTER = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** Above this the line-by-line check itself would cost more than it saves. */
const MAX_LINE = 1000;

/** The data in `source`, when it is plain YAML both readers agree on; otherwise undefined. */
export function parsePlainYaml(source: string): { data: unknown } | undefined {
  if (UNUSUAL_CHARACTER.test(source)) return undefined;
  let start = 0;
  // A document start marker is fine on the first line only.
  if (source.startsWith("---\n")) start = 4;
  while (start < source.length) {
    let end = source.indexOf("\n", start);
    if (end === -1) end = source.length;
    if (end - start > MAX_LINE || !(matchesAt(SIMPLE_LINE, source, start) || matchesAt(LINE, source, start))) return undefined;
    start = end + 1;
  }
  const jsyaml = loadJsYaml();
  schema ??= coreSchema(jsyaml);
  try {
    // An empty file is null to `yaml`, undefined to js-yaml.
    return { data: jsyaml.load(source, { schema }) ?? null };
  } catch {
    return undefined;
  }
}

let schema: JsYaml.Schema | undefined;

function matchesAt(line: RegExp, source: string, start: number): boolean {
  line.lastIndex = start;
  return line.test(source);
}
