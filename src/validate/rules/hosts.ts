import { error, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";
import { isHostOrIp, isRequireIpArgument } from "../net.js";

/** host-syntax: hosts and bind addresses are host names or IP literals; they go into URLs and XML. */
export function hostSyntax(topology: Topology): Finding[] {
  return topology.tomcats.flatMap((tomcat, i) => {
    const checks: [string, string | undefined, (string | number)[]][] = [
      ["host", tomcat.host, ["tomcats", i, "host"]],
      ["ajp.address", tomcat.ajp?.address, ["tomcats", i, "ajp", "address"]],
      ["http.address", tomcat.http?.address, ["tomcats", i, "http", "address"]],
      ["cluster.address", tomcat.cluster?.address, ["tomcats", i, "cluster", "address"]],
    ];
    return checks.flatMap(([what, value, path]) =>
      value !== undefined && !isHostOrIp(value) ? [error("host-syntax", path, `${what} ${JSON.stringify(value)} is not a host name or IP address: write e.g. 10.0.0.12 or dbserver`)] : [],
    );
  });
}

/** manager-allow-syntax: each entry becomes a `Require ip` argument; anything else would open or break the page. */
export function managerAllowSyntax(topology: Topology): Finding[] {
  const manager = topology.apache.manager;
  if (!manager) return [];
  return manager.allow.flatMap((entry, i) =>
    isRequireIpArgument(entry) ? [] : [error("manager-allow-syntax", ["apache", "manager", "allow", i], `${JSON.stringify(entry)} is not an IP address or network: write e.g. 127.0.0.1, ::1 or 10.0.0.0/24`)],
  );
}
