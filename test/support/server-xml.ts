// Helpers for the server.xml patching tests: what cfggen manages for a Tomcat written as in a
// topology, and the stock server.xml of the installed Tomcat 10.1 (read, never committed).
import { readFileSync } from "node:fs";
import { diffLines } from "diff";
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
