// An existing server.xml + what cfggen manages in it -> the same file with only the managed parts
// changed: Server@port, Engine@jvmRoute, the AJP and the HTTP connector the topology describes,
// and with session replication the Engine's whole <Cluster> element.
// Every other byte (comments, whitespace, other attributes and their quoting, line endings, BOM,
// XML declaration, DOCTYPE) is copied through, because edits are spliced into the original text.
import type { FileLocation, Finding, ModelPath } from "../diagnostics.js";
import { AJP_ATTRIBUTES, HTTP_ATTRIBUTES, type Attribute, type ManagedServerXml } from "../render/server-xml.js";
import { clusterEdits } from "./server-xml-cluster.js";
import { connectorKind, locateManagedElements, type XmlProblem } from "./server-xml-elements.js";
import { applyEdits, indentOfLine, lineAndColumn, lineBreakNear, type Edit } from "./text-edit.js";
import { attributeEdits, emptyElement } from "./xml-attribute-edits.js";
import { attribute, descendants, scanXml, type XmlElement } from "./xml-scan.js";

/** A port a server.xml opens that the topology does not set: the port-collision check needs it. */
export interface UnmanagedPort {
  port: number;
  what: string;
  location: FileLocation;
}

export type ServerXmlPatch =
  | { patched: string; warnings: Finding[]; unmanagedPorts: UnmanagedPort[] }
  | { refused: Finding[] };

export interface PatchContext {
  /** The server.xml as diagnostics name it. */
  file: string;
  /** The topology key that names the file (findings carry it as their model path). */
  modelPath: ModelPath;
}

/** Tomcat 9.0/10.1 still read the deprecated alias of secret; left in place it would fight cfggen's. */
const AJP_MANAGED = new Set<string>([...AJP_ATTRIBUTES, "requiredSecret"]);
const HTTP_MANAGED = new Set<string>(HTTP_ATTRIBUTES);
/** A connector was identified by its protocol: its spelling (AJP/1.3 or a class name) stays the user's. */
const KEEP_PROTOCOL = new Set(["protocol"]);

export function patchServerXml(text: string, managed: ManagedServerXml, context: PatchContext): ServerXmlPatch {
  const toFinding = (p: XmlProblem): Finding => ({
    severity: p.severity,
    code: p.code,
    message: p.message,
    path: context.modelPath,
    location: { file: context.file, ...lineAndColumn(text, p.offset) },
  });
  const scan = scanXml(text);
  if ("problem" in scan) {
    const code = scan.problem.kind === "entity" ? "server-xml-entity" : "server-xml-malformed";
    return { refused: [toFinding({ severity: "error", code, offset: scan.problem.offset, message: scan.problem.message })] };
  }
  const located = locateManagedElements(text, scan.root, managed);
  if ("problems" in located) return { refused: located.problems.map(toFinding) };
  const { server, engine, ajp, http, cluster } = located.elements;

  const edits: Edit[] = [
    ...attributeEdits(text, server, [["port", managed.serverPort]], { managed: new Set(["port"]) }),
    ...attributeEdits(text, engine, [["jvmRoute", managed.jvmRoute]], { managed: new Set(["jvmRoute"]) }),
  ];
  const newConnectors: Attribute[][] = [];
  for (const [element, desired, rules] of [
    [ajp, managed.ajpConnector, { managed: AJP_MANAGED, keep: KEEP_PROTOCOL }],
    [http, managed.httpConnector, { managed: HTTP_MANAGED, keep: KEEP_PROTOCOL }],
  ] as const) {
    if (!desired) continue;
    if (element) edits.push(...attributeEdits(text, element, desired, rules));
    else newConnectors.push(desired);
  }
  if (newConnectors.length > 0) {
    // Right before the Engine, at the Engine's indentation, with the file's line break.
    const between = lineBreakNear(text, engine.start) + indentOfLine(text, engine.start);
    edits.push({ start: engine.start, end: engine.start, text: newConnectors.map((c) => emptyElement("Connector", c) + between).join("") });
  }
  if (managed.cluster) edits.push(...clusterEdits(text, engine, cluster, managed.cluster));

  const managedElements = new Set([ajp, http].filter((e) => e !== undefined));
  const unmanagedPorts = descendants(scan.root)
    .filter((e) => e.name === "Connector" && !managedElements.has(e))
    .flatMap((connector) => portOf(connector, text, context.file));
  return { patched: applyEdits(text, edits), warnings: located.warnings.map(toFinding), unmanagedPorts };
}

const KIND_NAMES = { ajp: "AJP connector", http: "HTTP connector", https: "HTTPS connector", other: "connector" } as const;

function portOf(connector: XmlElement, text: string, file: string): UnmanagedPort[] {
  const port = attribute(connector, "port");
  // A ${property} or a missing port cannot be checked; 0 lets the OS choose.
  if (!port || !/^\d+$/.test(port.value.trim()) || Number(port.value) <= 0) return [];
  return [{ port: Number(port.value), what: KIND_NAMES[connectorKind(connector)], location: { file, ...lineAndColumn(text, port.nameStart) } }];
}
