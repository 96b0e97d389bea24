import { error, warning, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";
import { isIP, isLoopback, isWildcard } from "../net.js";

/**
 * ajp-loopback-unreachable: a Tomcat that httpd reaches over the network must not bind AJP to loopback.
 * ajp-secret-missing: AJP bound beyond loopback without a secret is CVE-2020-1938 ("Ghostcat").
 * ajp-address-mismatch: a specific bind address httpd does not connect to is refused connections.
 */
export function ajpExposure(topology: Topology): Finding[] {
  return topology.tomcats.flatMap((tomcat, i) => {
    const ajp = tomcat.ajp;
    if (!ajp) return [];
    const findings: Finding[] = [];
    const at = (key: string) => ["tomcats", i, "ajp", key];
    if (!isLoopback(tomcat.host) && isLoopback(ajp.address)) {
      findings.push(
        error(
          "ajp-loopback-unreachable",
          at("address"),
          `Tomcat "${tomcat.name}" is reached at ${tomcat.host}, but its AJP connector listens on loopback (${ajp.address}), where httpd can never connect: set \`address\` to the address httpd uses (and a secret)`,
        ),
      );
    } else if (isIP(ajp.address) && isIP(tomcat.host.replace(/^\[|\]$/g, "")) && !isWildcard(ajp.address) && ajp.address !== tomcat.host.replace(/^\[|\]$/g, "")) {
      findings.push(
        error("ajp-address-mismatch", at("address"), `httpd connects to ${tomcat.host}, but the AJP connector of Tomcat "${tomcat.name}" listens only on ${ajp.address}: make them the same address`),
      );
    }
    if (!isLoopback(ajp.address) && !ajp.secret) {
      findings.push(
        error(
          "ajp-secret-missing",
          at("address"),
          `the AJP connector of Tomcat "${tomcat.name}" listens on ${ajp.address} without a secret (CVE-2020-1938, "Ghostcat"): add \`secret: { env: AJP_SECRET }\``,
        ),
      );
    }
    return findings;
  });
}

/** ajp-no-secret (warning): loopback-only AJP may go without a secret; cfggen then writes secretRequired="false". */
export function ajpWithoutSecret(topology: Topology): Finding[] {
  return topology.tomcats.flatMap((tomcat, i) =>
    tomcat.ajp && !tomcat.ajp.secret && isLoopback(tomcat.ajp.address)
      ? [warning("ajp-no-secret", ["tomcats", i, "ajp"], `the AJP connector of Tomcat "${tomcat.name}" has no secret; it is only reachable from this machine, so any local process can use it: prefer \`secret: { env: AJP_SECRET }\``)]
      : [],
  );
}

/** secret-literal (warning): a literal secret ends up in generated files and in the repository. */
export function literalSecret(topology: Topology): Finding[] {
  return topology.tomcats.flatMap((tomcat, i) =>
    typeof tomcat.ajp?.secret === "string"
      ? [warning("secret-literal", ["tomcats", i, "ajp", "secret"], `a literal secret is written into the generated files (mode 0600) and this topology: prefer \`secret: { env: AJP_SECRET }\``)]
      : [],
  );
}
