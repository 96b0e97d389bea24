// An existing XML file -> its live elements with exact source offsets, for editing in place.
// saxes (a strict, conformant XML 1.0 parser) decides what is markup and what is not: comments,
// CDATA, processing instructions and the DOCTYPE never yield elements, so the commented-out
// AJP sample of Tomcat's stock server.xml is never mistaken for a connector. Nothing is
// re-serialised: callers splice edits into the original text using these offsets.
import { SaxesParser } from "saxes";

export interface XmlAttribute {
  name: string;
  /** The value as the XML parser reads it (references expanded). */
  value: string;
  quote: '"' | "'";
  /** Offsets into the text: whitespace before the name, the name, the raw value between the quotes, after the closing quote. */
  spaceStart: number;
  nameStart: number;
  valueStart: number;
  valueEnd: number;
  end: number;
}

export interface XmlElement {
  name: string;
  /** Offset of the `<` of the start tag. */
  start: number;
  /** Offset just after the element name in the start tag. */
  nameEnd: number;
  /** Offset just after the `>` of the start tag. */
  tagEnd: number;
  /** Offset just after the `>` of the end tag (the start tag's, when self-closing): the element is text[start, end). */
  end: number;
  selfClosing: boolean;
  attributes: XmlAttribute[];
  children: XmlElement[];
}

/** Something the scan cannot get past; offset points at it. */
export interface XmlScanProblem {
  kind: "malformed" | "entity";
  offset: number;
  message: string;
}

export type XmlScan = { root: XmlElement } | { problem: XmlScanProblem };

export function scanXml(text: string): XmlScan {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let problem: XmlScanProblem | undefined;
  let inStartTag = false;

  parser.on("doctype", (doctype) => Object.assign(parser.ENTITIES, internalEntities(doctype)));
  parser.on("opentagstart", () => (inStartTag = true));
  parser.on("opentag", (tag) => {
    inStartTag = false;
    const element = elementAt(text, parser.position, tag.name, tag.isSelfClosing, tag.attributes);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  // saxes reports a self-closing tag's close too, so the stack stays balanced; its position is
  // just after the end tag's ">" (after "/>" for a self-closing tag).
  parser.on("closetag", () => {
    const element = stack.pop();
    if (element) element.end = parser.position;
  });
  parser.on("error", (cause) => {
    if (problem) return;
    const message = cause.message.replace(/^\d+:\d+: /, "");
    // An entity the file does not define inline: inside an attribute value it is just text that
    // differs from what cfggen would write; in content it may hide elements (a connector in an
    // external file), which cfggen cannot see, so it refuses rather than guess.
    if (message === "undefined entity.") {
      if (inStartTag) return;
      problem = { kind: "entity", offset: text.lastIndexOf("&", parser.position - 1), message: "refers to an entity whose content cfggen cannot see (it may hold connectors): write its content into the file" };
      return;
    }
    problem = { kind: "malformed", offset: Math.max(0, parser.position - 1), message: `is not well-formed XML: ${message.replace(/\.$/, "")}` };
  });
  parser.write(text).close();
  if (problem) return { problem };
  if (!root) return { problem: { kind: "malformed", offset: 0, message: "is not well-formed XML: it has no root element" } };
  return { root };
}

/** The element whose start tag ends just before `tagEnd`. */
function elementAt(text: string, tagEnd: number, name: string, selfClosing: boolean, values: Record<string, string>): XmlElement {
  // "<" cannot occur inside a well-formed start tag (not even in attribute values), so the last
  // one before the tag's end is where it starts.
  const start = text.lastIndexOf("<", tagEnd - 1);
  const nameEnd = start + 1 + name.length;
  if (text.slice(start + 1, nameEnd) !== name) throw new Error(`internal: start tag of <${name}> not found at ${start}`);
  const attributes = attributesIn(text, nameEnd, tagEnd - (selfClosing ? 2 : 1), values);
  return { name, start, nameEnd, tagEnd, end: tagEnd, selfClosing, attributes, children: [] };
}

/**
 * The attributes between an element's name and its `>` or `/>`. The tag is known well-formed
 * (saxes accepted it), so a plain scan suffices: name, optional space, `=`, optional space,
 * a quoted value without its own quote character.
 */
function attributesIn(text: string, from: number, to: number, values: Record<string, string>): XmlAttribute[] {
  const attributes: XmlAttribute[] = [];
  // XML's own whitespace only: JavaScript's \s also matches U+FEFF, which XML allows in names.
  // A name stops at what cannot be in one, so the scan never runs past the tag's "/>" or ">".
  const pattern = /([ \t\r\n]+)([^ \t\r\n=\/>"'<]+)[ \t\r\n]*=[ \t\r\n]*(["'])/y;
  let at = from;
  for (;;) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match || match.index >= to) break;
    const quote = match[3] as '"' | "'";
    const valueStart = pattern.lastIndex;
    const valueEnd = text.indexOf(quote, valueStart);
    const name = match[2]!;
    const value = values[name];
    if (valueEnd < 0 || valueEnd >= to || value === undefined) throw new Error(`internal: attribute ${name} not understood at ${match.index}`);
    attributes.push({ name, value, quote, spaceStart: match.index, nameStart: match.index + match[1]!.length, valueStart, valueEnd, end: valueEnd + 1 });
    at = valueEnd + 1;
  }
  if (attributes.length !== Object.keys(values).length) throw new Error("internal: attribute count differs from the parser's");
  return attributes;
}

/**
 * General entities declared with a literal value in the DOCTYPE's internal subset, which saxes
 * reports but does not define. Values holding markup or further references are left undefined:
 * used in content they then stop the scan instead of being taken as plain text.
 */
function internalEntities(doctype: string): Record<string, string> {
  const entities: Record<string, string> = {};
  for (const m of doctype.matchAll(/<!ENTITY\s+([^\s%"']+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    const value = m[2] ?? m[3]!;
    if (/[<&%]/.test(value)) continue;
    entities[m[1]!] = value.replace(/[\t\n\r]/g, " ");
  }
  return entities;
}

/** Live children of an element with the given name, in document order. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** Every live element below (and including) an element, in document order. */
export function descendants(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(descendants)];
}

export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
}
