// Port collisions that only the files on disk reveal: a connector cfggen leaves alone (the stock
// HTTP connector on 8080 in two CATALINA_BASEs, say) on a port another Tomcat on the same machine,
// or a managed connector of the same Tomcat, also opens. Collisions between ports the topology
// sets are the validate stage's (port-collision) and are not repeated here.
import type { FileLocation, Finding, ModelPath } from "../diagnostics.js";
import type { ManagedServerXml } from "../render/server-xml.js";
import { machineKey } from "../validate/net.js";
import type { UnmanagedPort } from "./server-xml-patch.js";

export interface TomcatPorts {
  tomcat: string;
  host: string;
  modelPath: ModelPath;
  managed: ManagedServerXml;
  /** Ports of connectors cfggen leaves alone in this Tomcat's existing server.xml. */
  unmanaged: readonly UnmanagedPort[];
}

interface Owner {
  tomcat: string;
  what: string;
  location?: FileLocation;
}

export function portCollisions(tomcats: readonly TomcatPorts[]): Finding[] {
  const owners = new Map<string, Owner>();
  const findings: Finding[] = [];
  // Managed ports first, so a collision is reported at the unmanaged connector, the one to change.
  // Only the fields used below: spreading whole TomcatPorts per port is most of this function's time at 10,000 members.
  const port = (t: TomcatPorts, p: { port: number; what: string; location?: FileLocation }) => ({ tomcat: t.tomcat, host: t.host, modelPath: t.modelPath, port: p.port, what: p.what, location: p.location });
  const ports = [...tomcats.flatMap((t) => managedPorts(t.managed).map((p) => port(t, p))), ...tomcats.flatMap((t) => t.unmanaged.map((p) => port(t, p)))];
  for (const p of ports) {
    const key = `${machineKey(p.host)}\u0000${p.port}`;
    const owner = owners.get(key);
    if (!owner) {
      owners.set(key, { tomcat: p.tomcat, what: p.what, location: p.location });
      continue;
    }
    if (!p.location) continue;
    const where = owner.location ? ` (${owner.location.file}:${owner.location.line})` : " (set in the topology)";
    const whose = owner.tomcat === p.tomcat ? `this Tomcat's ${owner.what}${where}` : `the ${owner.what} of Tomcat "${owner.tomcat}"${where} on the same machine`;
    findings.push({
      severity: "error",
      code: "server-xml-port-collision",
      path: p.modelPath,
      location: p.location,
      message: `this ${p.what}, which cfggen leaves as it is, listens on port ${p.port}, also used by ${whose}: change one of the ports`,
    });
  }
  return findings;
}

function managedPorts(managed: ManagedServerXml): { port: number; what: string }[] {
  const found: { port: number; what: string }[] = [];
  const add = (value: string | undefined, what: string) => {
    if (value !== undefined && Number(value) > 0) found.push({ port: Number(value), what });
  };
  add(managed.serverPort, "shutdown port");
  add(managed.ajpConnector?.find(([n]) => n === "port")?.[1], "AJP connector");
  add(managed.httpConnector?.find(([n]) => n === "port")?.[1], "HTTP connector");
  add(managed.cluster && String(managed.cluster.receiver.port), "cluster receiver");
  return found;
}
