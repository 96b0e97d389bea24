// Helpers for the server.xml patching tests: what cfggen manages for a Tomcat written as in a
// topology, and the stock server.xml of the installed Tomcat 10.1 (read, never committed).
import { readFileSync } from "node:fs";
import { diffLines } from "diff";
import { lineAndColumn } from "../../src/output/text-edit.js";
import { descendants, scanXml } from "../../src/output/xml-scan.js";
import { parseModel } from "../../src/model/parse.js";
import { managedServerXml, type ManagedServerXml } from "../../src/render/server-xml.js";

export const STOCK_SERVER_XML = "/usr/share/tomcat10/skel/conf/server.xml";

export function stockServerXml(): string {
  return readFileSync(STOCK_SERVER_XML, "utf8");
}

/** ManagedServerXml for one Tomcat given as topology YAML data (name, host and serverXml filled in). */
export function managedFor(tomcat: Record<string, unknown>): ManagedServerXml {
  const data = {
    version: 1,
    tomcats: [{ name: "web", host: "127.0.0.1", serverXml: "conf/server.xml", ...tomcat }],
    apache: { file: "apache.conf", balancers: [{ name: "b", mount: "/", scheme: tomcat.ajp ? "ajp" : "http", members: [{ tomcat: "web" }] }] },
  };
  const model = parseModel(data);
  if (!model.topology) throw new Error(`test topology is invalid: ${JSON.stringify(model.findings)}`);
  return managedServerXml(model.topology.tomcats[0]!);
}

/** The lines a change removes and adds (a line diff; line endings included). */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.split(/(?<=\n)/).filter((l) => l !== "");
    if (part.removed) removed.push(...lines);
    else if (part.added) added.push(...lines);
  }
  return { removed, added };
}

/** 1-based numbers of the lines a change removes (in `before`) and adds (in `after`). */
export function changedLineNumbers(before: string, after: string): { removed: number[]; added: number[] } {
  const removed: number[] = [];
  const added: number[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const count = part.value.split(/(?<=\n)/).filter((l) => l !== "").length;
    const range = (from: number) => Array.from({ length: count }, (_, i) => from + i);
    if (part.removed) removed.push(...range(oldLine));
    else if (part.added) added.push(...range(newLine));
    if (!part.added) oldLine += count;
    if (!part.removed) newLine += count;
  }
  return { removed, added };
}

/** Lines covered by the start tags of the elements cfggen may change: Server, every live Engine and Connector. */
export function managedTagLines(text: string): Set<number> {
  const scan = scanXml(text);
  if (!("root" in scan)) throw new Error("not well-formed");
  const lines = new Set<number>();
  for (const element of descendants(scan.root)) {
    if (element !== scan.root && element.name !== "Engine" && element.name !== "Connector") continue;
    const first = lineAndColumn(text, element.start).line;
    const last = lineAndColumn(text, element.tagEnd - 1).line;
    for (let line = first; line <= last; line++) lines.add(line);
  }
  return lines;
}
