// Session replication: the <Cluster> element of each Tomcat in a balancer with sessions: replicated.
// Static membership (no multicast), as measured on Tomcat 10.1 (failover-measured.md, "Session replication").
import type { Topology, Tomcat } from "../model/normalize.js";
import { renderTemplate } from "./engine.js";

export interface ClusterConfig {
  /** Where this Tomcat's receiver listens; also how it finds itself among the members. */
  receiver: { address: string; port: number };
  /**
   * Every Tomcat of the cluster, this one included, in topology order. Tomcat (9.0.17+) finds its
   * own entry by the receiver's address and port and talks to the others; listing itself is what
   * was measured to work, and it makes the list the same text in every member's server.xml.
   */
  members: { host: string; port: number }[];
}

/**
 * The cluster of every Tomcat that serves a replicated balancer, by Tomcat name; one pass over
 * the balancers, so a large topology stays linear. Validation guarantees one membership per
 * Tomcat (cluster-membership-conflict), so the first replicated balancer a Tomcat serves names
 * its whole cluster.
 */
export function clustersByTomcat(topology: Topology): Map<string, ClusterConfig> {
  const tomcats = new Map(topology.tomcats.map((t) => [t.name, t]));
  const receiverOf = (t: Tomcat) => ({ host: t.cluster!.address ?? t.host, port: t.cluster!.port });
  const clusters = new Map<string, ClusterConfig>();
  for (const balancer of topology.apache.balancers) {
    if (balancer.sessions !== "replicated") continue;
    const names = new Set(balancer.members.map((m) => m.tomcat));
    const members = topology.tomcats.filter((t) => names.has(t.name) && t.cluster).map(receiverOf);
    for (const name of names) {
      const tomcat = tomcats.get(name);
      if (!tomcat?.cluster || clusters.has(name)) continue;
      clusters.set(name, { receiver: { address: receiverOf(tomcat).host, port: tomcat.cluster.port }, members });
    }
  }
  return clusters;
}

/**
 * The whole element, its first line unindented (the caller places it) and every further line
 * prefixed with `indent`, lines joined with `eol`: the layout of the file it goes into.
 */
export function renderClusterElement(cluster: ClusterConfig, indent: string, eol: string): string {
  return renderTemplate("tomcat/cluster.xml.hbs", cluster)
    .trimEnd()
    .split("\n")
    .map((line, i) => (i === 0 ? line : `${indent}${line}`))
    .join(eol);
}
