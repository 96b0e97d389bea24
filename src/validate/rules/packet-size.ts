import { error, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";

export const DEFAULT_PACKET_SIZE = 8192;

/**
 * packet-size-mismatch: httpd reads the AJP packet size from one server-wide ProxyIOBufferSize,
 * so every Tomcat an AJP balancer uses must agree on packetSize.
 */
export function packetSizeAgrees(topology: Topology): Finding[] {
  const used = ajpTomcatIndexes(topology);
  let first: { name: string; size: number } | undefined;
  return used.flatMap((i) => {
    const tomcat = topology.tomcats[i]!;
    const size = tomcat.ajp?.packetSize ?? DEFAULT_PACKET_SIZE;
    if (!first) return void (first = { name: tomcat.name, size }), [];
    if (size === first.size) return [];
    return [
      error(
        "packet-size-mismatch",
        ["tomcats", i, "ajp", "packetSize"],
        `packetSize ${size} differs from Tomcat "${first.name}" (${first.size}); httpd has one ProxyIOBufferSize for all AJP members: give every AJP Tomcat the same packetSize`,
      ),
    ];
  });
}

/** Indexes of the Tomcats that some AJP balancer uses, in file order. */
export function ajpTomcatIndexes(topology: Topology): number[] {
  const names = new Set(topology.apache.balancers.filter((b) => b.scheme === "ajp").flatMap((b) => b.members.map((m) => m.tomcat)));
  return topology.tomcats.flatMap((t, i) => (names.has(t.name) && t.ajp ? [i] : []));
}
