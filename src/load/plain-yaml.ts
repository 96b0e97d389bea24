// A fast reader for the plain YAML that topologies are written in: block mappings and sequences,
// one-line scalars and one-line flow collections, comments. `yaml` (read.ts) builds a syntax tree
// with positions; it is the reference, and some ten times slower (most of a 10,000-member render,
// and slower still on a first, cold run).
//
// The fast reader must never disagree with `yaml`. So it takes only a file whose every line is in
// a small, unsurprising subset (no anchors, aliases, tags, directives, block scalars, multi-line
// scalars or flow collections, escapes, tabs or CRs, keys that are not identifiers), resolves plain
// scalars with exactly the rules of `yaml`'s core schema, and gives up at the first thing it does
// not expect (an indentation it cannot place, a key given twice). Giving up costs only time:
// read.ts then reads the file with `yaml`, which reports what is wrong. A property test holds the
// two readers to the same data on random near-topology text.

/** `yaml`'s core schema (YAML 1.2) for plain scalars, tag by tag, in its order. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Every number above starts with one of these: other text skips the number patterns. */
const NUMBER_START = /^[-+.0-9]/;

function plainScalar(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === "t" || text[0] === "T";
  if (!NUMBER_START.test(text)) return text;
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT_DEC.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_NAN.test(text)) return text.slice(-3).toLowerCase() === "nan" ? NaN : text[0] === "-" ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

// The subset, line by line. Keys are identifiers, never null; values are plain scalars, quoted
// strings without escapes, or one-line flow collections of those.
const KEY = String.raw`(?!(?:null|Null|NULL)\s*:)[$A-Za-z_][\w-]{0,99}`;
const PLAIN_CHAR = String.raw`(?:[^\s:#]|:(?=\S)|(?<=\S)#)`;
const PLAIN = String.raw`(?:[^\s\-?:,\[\]{}#&*!|>'"%@\x60]|-(?=[\w.]))${PLAIN_CHAR}*(?: +${PLAIN_CHAR}+)*`;
const QUOTED = String.raw`(?:"[^"\\\n]*"|'[^'\n]*')`;
const FLOW_SCALAR = String.raw`(?:${QUOTED}|(?:[\w./+]|-(?=[\w.]))[\w./+-]*(?: +[\w./+-]+)*)`;
const FLOW_SEQUENCE = String.raw`\[ *(?:${FLOW_SCALAR}(?: *, *${FLOW_SCALAR})*)? *\]`;
const FLOW_MAPPING = String.raw`\{ *(?:${KEY}: +${FLOW_SCALAR}(?: *, *${KEY}: +${FLOW_SCALAR})*)? *\}`;
const VALUE = String.raw`(?:${QUOTED}|${FLOW_SEQUENCE}|${FLOW_MAPPING}|${PLAIN})`;
/** A comment after a value, or trailing spaces. */
const END = String.raw`(?: +#.*| *)$`;
/** Blank, or only a comment. */
const NOTHING = /^ *(?:#.*)?$/;
/** indent, dashes ("- - "), key, value: most lines of a topology (`  port: 8009`) match this. */
const SIMPLE_KEY_LINE = new RegExp(String.raw`^( *)((?:- +)*)(${KEY}):(?: ([\w./+]+))?$`);
const KEY_LINE = new RegExp(String.raw`^( *)((?:- +)*)(${KEY}):(?: +(${VALUE}))?${END}`);
/** indent, dashes, value: a sequence item. */
const ITEM_LINE = new RegExp(String.raw`^( *)((?:- +)+)(${VALUE})${END}`);
const FLOW_ITEM = new RegExp(String.raw` *(${FLOW_SCALAR}) *(,|\])`, "y");
const FLOW_PAIR = new RegExp(String.raw` *(${KEY}): +(${FLOW_SCALAR}) *(,|\})`, "y");
/** Anything outside printable text (and U+FEFF, NEL, LS, PS, which YAML may treat specially). */
const UNUSUAL_CHARACTER = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** Longer lines are left to `yaml` (it limits implicit keys to 1024 characters). */
const MAX_LINE = 1000;

/** Thrown inside the reader when the file leaves the subset; never escapes parsePlainYaml. */
class NotPlain extends Error {}

type Mapping = Record<string, unknown>;
type Frame =
  | { kind: "map"; column: number; map: Mapping; awaiting?: string }
  | { kind: "seq"; column: number; seq: unknown[] };

/** The data in `source`, when it is plain YAML as defined above; otherwise undefined. */
export function parsePlainYaml(source: string): { data: unknown } | undefined {
  if (UNUSUAL_CHARACTER.test(source)) return undefined;
  try {
    return { data: read(source) };
  } catch (cause) {
    if (cause instanceof NotPlain) return undefined;
    throw cause;
  }
}

function read(source: string): unknown {
  const lines = source.split("\n");
  // A document start marker is fine on the first line only.
  const first = lines[0] === "---" ? 1 : 0;
  const stack: Frame[] = [];
  let root: unknown = null;
  let started = false;
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > MAX_LINE) throw new NotPlain();
    const keyLine = SIMPLE_KEY_LINE.exec(line) ?? KEY_LINE.exec(line);
    const match = keyLine ?? ITEM_LINE.exec(line);
    if (!match) {
      if (NOTHING.test(line)) continue;
      throw new NotPlain();
    }
    // The line's first token, a dash or the key, is at `column`.
    const column = match[1]!.length;
    const dashes = dashColumns(column, match[2]!);
    const startsWithDash = dashes.length > 0;
    if (!started) {
      started = true;
      root = startCollection(stack, startsWithDash ? "seq" : "map", column);
    } else {
      settle(stack, column, startsWithDash);
    }
    // Each dash opens an item; the item is the next dash's sequence, or the key's mapping, or the value.
    let at = 0;
    if (startsWithDash) {
      const top = stack[stack.length - 1];
      if (top?.kind !== "seq" || top.column !== dashes[0]) throw new NotPlain();
      for (at = 1; at < dashes.length; at++) {
        const inner: unknown[] = [];
        (stack[stack.length - 1] as Extract<Frame, { kind: "seq" }>).seq.push(inner);
        stack.push({ kind: "seq", column: dashes[at]!, seq: inner });
      }
    }
    const contentColumn = column + match[2]!.length;
    const top = stack[stack.length - 1]!;
    if (keyLine) {
      const key = mappingKey(keyLine[3]!);
      const value = keyLine[4];
      let map: Mapping;
      if (startsWithDash) {
        map = {};
        (top as Extract<Frame, { kind: "seq" }>).seq.push(map);
        stack.push({ kind: "map", column: contentColumn, map });
      } else {
        if (top.kind !== "map" || top.column !== column) throw new NotPlain();
        map = top.map;
      }
      const frame = stack[stack.length - 1] as Extract<Frame, { kind: "map" }>;
      if (Object.hasOwn(map, key)) throw new NotPlain();
      if (value === undefined) {
        setKey(map, key, null);
        frame.awaiting = key;
      } else setKey(map, key, valueOf(value));
    } else {
      (top as Extract<Frame, { kind: "seq" }>).seq.push(valueOf(match[3]!));
    }
  }
  return root;
}

/** The column of each dash in "- - " after `indent` spaces. */
function dashColumns(indent: number, dashes: string): number[] {
  const columns: number[] = [];
  for (let i = 0; i < dashes.length; i++) if (dashes[i] === "-") columns.push(indent + i);
  return columns;
}

function startCollection(stack: Frame[], kind: "map" | "seq", column: number): unknown {
  const value = kind === "map" ? {} : [];
  stack.push(kind === "map" ? { kind, column, map: value as Mapping } : { kind, column, seq: value as unknown[] });
  return value;
}

/**
 * Closes what a line at `column` ends, and opens the block a pending `key:` gets from it: a
 * mapping deeper than the key, or a sequence at the key's column or deeper.
 */
function settle(stack: Frame[], column: number, startsWithDash: boolean): void {
  for (;;) {
    const top = stack[stack.length - 1];
    if (!top) throw new NotPlain();
    if (top.kind === "map" && top.awaiting !== undefined) {
      const key = top.awaiting;
      top.awaiting = undefined;
      if (startsWithDash ? column >= top.column : column > top.column) {
        const value: unknown = startsWithDash ? [] : {};
        setKey(top.map, key, value);
        stack.push(startsWithDash ? { kind: "seq", column, seq: value as unknown[] } : { kind: "map", column, map: value as Mapping });
        return;
      }
      // Nothing nested: the key's value stays null; the line belongs further out.
    }
    if (top.kind === "map") {
      if (column === top.column && !startsWithDash) return;
      if (column > top.column || column === top.column) throw new NotPlain();
    } else {
      if (column === top.column && startsWithDash) return;
      if (column > top.column) throw new NotPlain();
    }
    stack.pop();
  }
}

/** A key as `yaml` names it in plain data: true/True/TRUE and false... are booleans, as text. */
function mappingKey(text: string): string {
  return String(plainScalar(text));
}

/** `__proto__` is an own key, as `yaml` makes it, not the object's prototype. */
function setKey(map: Mapping, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

function valueOf(text: string): unknown {
  switch (text[0]) {
    case '"':
    case "'":
      return text.slice(1, -1);
    case "[":
      return flowSequence(text);
    case "{":
      return flowMapping(text);
    default:
      return plainScalar(text);
  }
}

function flowScalar(text: string): unknown {
  return text[0] === '"' || text[0] === "'" ? text.slice(1, -1) : plainScalar(text);
}

function flowSequence(text: string): unknown[] {
  const items: unknown[] = [];
  if (/^\[ *\]$/.test(text)) return items;
  FLOW_ITEM.lastIndex = 1;
  for (;;) {
    const match = FLOW_ITEM.exec(text);
    if (!match) throw new NotPlain();
    items.push(flowScalar(match[1]!));
    if (match[2] === "]") return items;
  }
}

function flowMapping(text: string): Mapping {
  const map: Mapping = {};
  if (/^\{ *\}$/.test(text)) return map;
  FLOW_PAIR.lastIndex = 1;
  for (;;) {
    const match = FLOW_PAIR.exec(text);
    if (!match) throw new NotPlain();
    const key = mappingKey(match[1]!);
    if (Object.hasOwn(map, key)) throw new NotPlain();
    setKey(map, key, flowScalar(match[2]!));
    if (match[3] === "}") return map;
  }
}
