// Which live elements of an existing server.xml are the ones cfggen manages. Ambiguity is an
// error, never a guess: each problem points at the element the user has to look at.
import type { ManagedServerXml } from "../render/server-xml.js";
import { lineAndColumn } from "./text-edit.js";
import { attribute, childrenNamed, type XmlElement } from "./xml-scan.js";

export interface XmlProblem {
  severity: "error" | "warning";
  code: string;
  /** Offset in the server.xml the problem is about. */
  offset: number;
  message: string;
}

export type ConnectorKind = "ajp" | "http" | "https" | "other";

/** The managed elements; a connector is undefined where the topology wants one and the Service has none yet. */
export interface ManagedElements {
  server: XmlElement;
  engine: XmlElement;
  ajp?: XmlElement;
  http?: XmlElement;
  /** The live Cluster directly inside the Engine, when the topology replicates sessions and the file has one. */
  cluster?: XmlElement;
}

export type Located = { elements: ManagedElements; warnings: XmlProblem[] } | { problems: XmlProblem[] };

const error = (code: string, offset: number, message: string): XmlProblem => ({ severity: "error", code, offset, message });
const warning = (code: string, offset: number, message: string): XmlProblem => ({ severity: "warning", code, offset, message });

/**
 * What Tomcat makes of a Connector's protocol: AJP for "AJP/1.3" (any case, as Tomcat compares it)
 * or one of its org.apache.coyote.ajp classes; HTTP/1.1 when the protocol is absent, "HTTP/1.1" or
 * an org.apache.coyote.http11 class, and HTTPS when such a connector has SSLEnabled="true".
 * Anything else (a custom protocol class) is the user's business.
 */
export function connectorKind(connector: XmlElement): ConnectorKind {
  const protocol = attribute(connector, "protocol")?.value.trim();
  if (protocol !== undefined && (/^ajp\/1\.3$/i.test(protocol) || protocol.startsWith("org.apache.coyote.ajp."))) return "ajp";
  if (protocol === undefined || /^http\/1\.1$/i.test(protocol) || protocol.startsWith("org.apache.coyote.http11.")) {
    return attribute(connector, "SSLEnabled")?.value.trim().toLowerCase() === "true" ? "https" : "http";
  }
  return "other";
}

export function locateManagedElements(text: string, root: XmlElement, managed: ManagedServerXml): Located {
  const lines = (elements: readonly XmlElement[]) => elements.map((e) => lineAndColumn(text, e.start).line).join(", ");
  if (root.name !== "Server") return { problems: [error("server-xml-no-server", root.start, `the root element is <${root.name}>, not <Server>: this is not a Tomcat server.xml`)] };
  const offset = attribute(root, "portOffset");
  if (offset && offset.value.trim() !== "0") {
    return {
      problems: [error("server-xml-port-offset", offset.nameStart, `Server portOffset="${offset.value}" shifts every port Tomcat opens away from the ports in the topology: remove it`)],
    };
  }
  const service = chooseService(root, managed, lines);
  if ("problem" in service) return { problems: [service.problem] };
  const engines = childrenNamed(service, "Engine");
  if (engines.length === 0) return { problems: [error("server-xml-no-engine", service.start, "this <Service> has no <Engine>: add one (cfggen sets its jvmRoute)")] };
  if (engines.length > 1) return { problems: [error("server-xml-ambiguous-engine", engines[1]!.start, `this <Service> has ${engines.length} <Engine> elements (lines ${lines(engines)}); Tomcat allows one: remove the others`)] };

  const connectors = childrenNamed(service, "Connector");
  const ajps = connectors.filter((c) => connectorKind(c) === "ajp");
  const plainHttp = connectors.filter((c) => connectorKind(c) === "http");
  const problems: XmlProblem[] = [];
  const warnings: XmlProblem[] = [];

  // The topology describes one AJP connector; a second live one would be an AJP listener whose
  // secret, address and port no rule checks (CVE-2020-1938), so it is an error, whatever its port.
  if (managed.ajpConnector && ajps.length > 1) {
    problems.push(error("server-xml-ambiguous-ajp", ajps[1]!.start, `${ajps.length} live AJP connectors (lines ${lines(ajps)}) where the topology describes one: remove or comment out the ones cfggen should not manage`));
  }
  if (!managed.ajpConnector) {
    for (const ajp of ajps) {
      warnings.push(warning("server-xml-unmanaged-ajp", ajp.start, "a live AJP connector the topology does not describe: cfggen leaves it as it is; describe it under ajp: in the topology, or remove it if httpd does not use it"));
    }
  }

  let http: XmlElement | undefined;
  if (managed.httpConnector) {
    const port = valueOf(managed.httpConnector, "port");
    const onPort = plainHttp.filter((c) => attribute(c, "port")?.value.trim() === port);
    if (onPort.length === 1) http = onPort[0];
    else if (onPort.length === 0 && plainHttp.length <= 1) http = plainHttp[0];
    else {
      const candidates = onPort.length > 1 ? onPort : plainHttp;
      problems.push(error("server-xml-ambiguous-http", candidates[1]!.start, `${candidates.length} live plain HTTP connectors (lines ${lines(candidates)}) and ${onPort.length === 0 ? "none" : "more than one"} on port ${port}: put the one cfggen manages on port ${port} and the others on other ports, or remove them`));
    }
  }
  // With replication cfggen owns the Engine's Cluster; of two, it could only guess which to replace
  // (Tomcat keeps only one). Without, Clusters are the user's.
  const clusters = managed.cluster ? childrenNamed(engines[0]!, "Cluster") : [];
  if (clusters.length > 1) {
    problems.push(error("server-xml-ambiguous-cluster", clusters[1]!.start, `${clusters.length} live <Cluster> elements in the Engine (lines ${lines(clusters)}) where the topology replicates sessions with one: remove or comment out all but one (cfggen rewrites it)`));
  }
  if (problems.length > 0) return { problems };
  return { elements: { server: root, engine: engines[0]!, ajp: managed.ajpConnector ? ajps[0] : undefined, http, cluster: clusters[0] }, warnings };
}

/**
 * The Service cfggen manages: the only one, or else the only one that is recognisably this
 * Tomcat's, by its Engine's jvmRoute or by a connector on one of the topology's ports.
 */
function chooseService(server: XmlElement, managed: ManagedServerXml, lines: (elements: readonly XmlElement[]) => string): XmlElement | { problem: XmlProblem } {
  const services = childrenNamed(server, "Service");
  if (services.length === 0) return { problem: error("server-xml-no-service", server.start, "this <Server> has no <Service>: add one with an <Engine> (cfggen adds the connectors)") };
  if (services.length === 1) return services[0]!;
  const topologyPort = (kind: ConnectorKind) => {
    const connector = kind === "ajp" ? managed.ajpConnector : kind === "http" ? managed.httpConnector : undefined;
    return connector ? valueOf(connector, "port") : undefined;
  };
  const ours = services.filter(
    (service) =>
      childrenNamed(service, "Engine").some((e) => attribute(e, "jvmRoute")?.value === managed.jvmRoute) ||
      childrenNamed(service, "Connector").some((c) => {
        const port = topologyPort(connectorKind(c));
        return port !== undefined && attribute(c, "port")?.value.trim() === port;
      }),
  );
  if (ours.length === 1) return ours[0]!;
  const which = ours.length === 0 ? "none of them has" : `${ours.length} of them have`;
  return {
    problem: error(
      "server-xml-ambiguous-service",
      services[1]!.start,
      `${services.length} <Service> elements (lines ${lines(services)}) and ${which} this Tomcat's jvmRoute="${managed.jvmRoute}" on its Engine or a connector on the topology's ports: set jvmRoute="${managed.jvmRoute}" on the Engine of the one cfggen should manage`,
    ),
  };
}

function valueOf(attributes: readonly (readonly [string, string])[], name: string): string {
  const found = attributes.find(([n]) => n === name);
  if (!found) throw new Error(`internal: managed connector without ${name}`);
  return found[1];
}
