// Edits that give one element's start tag the attributes cfggen manages, touching nothing else:
// the user's attributes, their order, quoting and the layout of the tag stay as they are.
import type { Attribute } from "../render/server-xml.js";
import { xmlAttr } from "../render/escape.js";
import type { Edit } from "./text-edit.js";
import type { XmlElement } from "./xml-scan.js";

export interface AttributeRules {
  /** Every attribute cfggen may write here: one of these the topology does not set is removed. */
  managed: ReadonlySet<string>;
  /** Attributes that identified the element: left as written, or absent (HTTP/1.1 when no protocol is given). */
  keep?: ReadonlySet<string>;
}

/**
 * Sets each desired attribute (changing only a value that differs, in the attribute's own quote
 * style), removes managed attributes that are not desired, and appends missing ones after the
 * last attribute, on their own line when the tag already puts attributes on separate lines.
 */
export function attributeEdits(text: string, element: XmlElement, desired: readonly Attribute[], rules: AttributeRules): Edit[] {
  const edits: Edit[] = [];
  const wanted = new Map(desired);
  for (const attr of element.attributes) {
    if (!rules.managed.has(attr.name) || rules.keep?.has(attr.name)) continue;
    const value = wanted.get(attr.name);
    if (value === undefined) edits.push({ start: attr.spaceStart, end: attr.end, text: "" });
    else if (value !== attr.value) edits.push({ start: attr.valueStart, end: attr.valueEnd, text: xmlAttr(value) });
  }
  const present = new Set(element.attributes.map((a) => a.name));
  const missing = desired.filter(([name]) => !present.has(name) && !rules.keep?.has(name));
  if (missing.length === 0) return edits;
  const last = element.attributes[element.attributes.length - 1];
  const space = last ? text.slice(last.spaceStart, last.nameStart) : " ";
  const separator = /[\r\n]/.test(space) ? space : " ";
  const quote = element.attributes.length > 0 && element.attributes.every((a) => a.quote === "'") ? "'" : '"';
  const added = missing.map(([name, value]) => `${separator}${name}=${quote}${xmlAttr(value)}${quote}`).join("");
  edits.push({ start: last ? last.end : element.nameEnd, end: last ? last.end : element.nameEnd, text: added });
  return edits;
}

/** A new element's start tag in cfggen's own layout (that of the server.xml it writes). */
export function emptyElement(name: string, attributes: readonly Attribute[]): string {
  return `<${name}${attributes.map(([n, v]) => ` ${n}="${xmlAttr(v)}"`).join("")} />`;
}
