import { error, warning, type Finding } from "../../diagnostics.js";
import type { Balancer, Topology } from "../../model/normalize.js";
import { isLoopback, isWildcard, machineKey } from "../net.js";

const replicated = (topology: Topology) => topology.apache.balancers.map((balancer, b) => ({ balancer, b })).filter(({ balancer }) => balancer.sessions === "replicated");

/** replicated-single-member: replication needs a second Tomcat to replicate to. */
export function replicatedHasPeers(topology: Topology): Finding[] {
  return replicated(topology).flatMap(({ balancer, b }) =>
    balancer.members.length < 2
      ? [error("replicated-single-member", ["apache", "balancers", b, "sessions"], `balancer "${balancer.name}" replicates sessions but has one member: add a second member or use sessions: sticky`)]
      : [],
  );
}

/** cluster-port-missing: every Tomcat of a replicated balancer runs a cluster receiver. */
export function replicatedTomcatsHaveReceivers(topology: Topology): Finding[] {
  const tomcats = new Map(topology.tomcats.map((t, i) => [t.name, { tomcat: t, i }]));
  const reported = new Set<string>();
  return replicated(topology).flatMap(({ balancer }) =>
    balancer.members.flatMap((member) => {
      const found = tomcats.get(member.tomcat);
      if (!found || found.tomcat.cluster || reported.has(member.tomcat)) return [];
      reported.add(member.tomcat);
      return [error("cluster-port-missing", ["tomcats", found.i], `Tomcat "${member.tomcat}" serves balancer "${balancer.name}", which replicates sessions: add \`cluster: { port: 4000 }\` (its receiver port) to it`)];
    }),
  );
}

/**
 * cluster-membership-conflict: a Tomcat belongs to one session cluster, so every replicated
 * balancer it serves must have the same members.
 */
export function oneClusterPerTomcat(topology: Topology): Finding[] {
  const clusterOf = new Map<string, { members: string; balancer: string }>();
  return replicated(topology).flatMap(({ balancer, b }) => {
    const members = memberKey(balancer);
    return balancer.members.flatMap((member, m) => {
      const existing = clusterOf.get(member.tomcat);
      if (!existing) return void clusterOf.set(member.tomcat, { members, balancer: balancer.name }), [];
      if (existing.members === members) return [];
      return [
        error(
          "cluster-membership-conflict",
          ["apache", "balancers", b, "members", m, "tomcat"],
          `Tomcat "${member.tomcat}" replicates sessions for balancer "${existing.balancer}" with other members; a Tomcat is in one session cluster: give both balancers the same members`,
        ),
      ];
    });
  });
}

/**
 * cluster-receiver-unreachable: a receiver on loopback cannot hear peers on other machines.
 * cluster-receiver-wildcard: Tomcat finds itself in the static member list by its receiver's
 * address, so 0.0.0.0 makes it exit ("no localMember in static member list").
 */
export function receiverAddresses(topology: Topology): Finding[] {
  const tomcats = new Map(topology.tomcats.map((t, i) => [t.name, { tomcat: t, i }]));
  const reported = new Set<string>();
  return replicated(topology).flatMap(({ balancer }) => {
    const peers = balancer.members.flatMap((m) => tomcats.get(m.tomcat) ?? []);
    return peers.flatMap(({ tomcat, i }) => {
      if (!tomcat.cluster || reported.has(tomcat.name)) return [];
      const address = tomcat.cluster.address ?? tomcat.host;
      const path = tomcat.cluster.address === undefined ? ["tomcats", i, "cluster"] : ["tomcats", i, "cluster", "address"];
      if (isWildcard(address)) {
        reported.add(tomcat.name);
        return [error("cluster-receiver-wildcard", path, `the cluster receiver of Tomcat "${tomcat.name}" listens on ${address}; Tomcat then cannot find itself among the members: use its own address`)];
      }
      const remotePeer = peers.find((p) => machineKey(p.tomcat.host) !== machineKey(tomcat.host));
      if (isLoopback(address) && remotePeer) {
        reported.add(tomcat.name);
        return [
          error(
            "cluster-receiver-unreachable",
            path,
            `the cluster receiver of Tomcat "${tomcat.name}" listens on loopback (${address}), but its peer "${remotePeer.tomcat.name}" is on ${remotePeer.tomcat.host}: set cluster.address to an address the peer can reach`,
          ),
        ];
      }
      return [];
    });
  });
}

/** cluster-distributable (warning): without <distributable/> in web.xml nothing replicates, silently. */
export function distributableReminder(topology: Topology): Finding[] {
  return replicated(topology).map(({ balancer, b }) =>
    warning("cluster-distributable", ["apache", "balancers", b, "sessions"], `balancer "${balancer.name}" replicates sessions only for applications whose web.xml has <distributable/> (and Serializable session attributes); Tomcat says nothing otherwise`),
  );
}

/** cluster-unused (warning): a receiver that no replicated balancer needs. */
export function unusedCluster(topology: Topology): Finding[] {
  const inCluster = new Set(replicated(topology).flatMap(({ balancer }) => balancer.members.map((m) => m.tomcat)));
  return topology.tomcats.flatMap((tomcat, i) =>
    tomcat.cluster && !inCluster.has(tomcat.name)
      ? [warning("cluster-unused", ["tomcats", i, "cluster"], `Tomcat "${tomcat.name}" has a cluster receiver but serves no balancer with sessions: replicated; it is not rendered`)]
      : [],
  );
}

function memberKey(balancer: Balancer): string {
  return balancer.members.map((m) => m.tomcat).sort().join("\u0000");
}
