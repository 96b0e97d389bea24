import { error, type Finding, type ModelPath } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";
import { machineKey } from "../net.js";

/** port-collision: Tomcats on one machine need distinct shutdown, AJP, HTTP and cluster ports. */
export function portsDistinctPerMachine(topology: Topology): Finding[] {
  // One map keyed by machine and port keeps this linear in the number of Tomcats.
  const owners = new Map<string, { tomcat: string; what: string }>();
  const findings: Finding[] = [];
  topology.tomcats.forEach((tomcat, i) => {
    const ports: [string, number | undefined, ModelPath][] = [
      ["shutdownPort", tomcat.shutdownPort === -1 ? undefined : tomcat.shutdownPort, ["tomcats", i, "shutdownPort"]],
      ["ajp.port", tomcat.ajp?.port, ["tomcats", i, "ajp", "port"]],
      ["http.port", tomcat.http?.port, ["tomcats", i, "http", "port"]],
      ["cluster.port", tomcat.cluster?.port, ["tomcats", i, "cluster", "port"]],
    ];
    for (const [what, port, path] of ports) {
      if (port === undefined) continue;
      const key = `${machineKey(tomcat.host)}\u0000${port}`;
      const owner = owners.get(key);
      if (!owner) {
        owners.set(key, { tomcat: tomcat.name, what });
        continue;
      }
      const whose = owner.tomcat === tomcat.name ? `this Tomcat's ${owner.what}` : `Tomcat "${owner.tomcat}" (${owner.what}) on the same machine`;
      findings.push(error("port-collision", path, `port ${port} is already used by ${whose}: pick a free port`));
    }
  });
  return findings;
}
