// Parses XML with saxes, a strict XML 1.0 parser (well-formedness and the characters XML allows),
// into what an injection could change: elements, their nesting and their decoded attributes,
// plus every node that is not an element (a test expects none but comments and white space).
import { SaxesParser } from "saxes";

export interface XmlElementNode {
  name: string;
  depth: number;
  /** Attributes in document order, values decoded (&amp; -> &). */
  attributes: [string, string][];
}

export interface XmlTree {
  elements: XmlElementNode[];
  comments: number;
  /** Processing instructions, DOCTYPEs, CDATA sections and text that is not white space. */
  other: string[];
}

export function parseXml(text: string): XmlTree {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const tree: XmlTree = { elements: [], comments: 0, other: [] };
  let depth = 0;
  let failure: Error | undefined;
  parser.on("error", (cause) => {
    failure ??= cause;
  });
  parser.on("opentag", (tag) => {
    tree.elements.push({ name: tag.name, depth, attributes: Object.entries(tag.attributes as Record<string, string>) });
    if (!tag.isSelfClosing) depth++;
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) depth--;
  });
  parser.on("comment", () => void tree.comments++);
  parser.on("processinginstruction", (pi) => void tree.other.push(`<?${pi.target} ${pi.body}?>`));
  parser.on("doctype", (doctype) => void tree.other.push(`<!DOCTYPE${doctype}>`));
  parser.on("cdata", (cdata) => void tree.other.push(`<![CDATA[${cdata}]]>`));
  parser.on("text", (text) => {
    if (text.trim() !== "") tree.other.push(text);
  });
  parser.write(text).close();
  if (failure) throw failure;
  return tree;
}
