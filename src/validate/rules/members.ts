import { error, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";

/** member-unknown-tomcat, member-duplicate: a member names one defined Tomcat, once per balancer. */
export function membersNameTomcats(topology: Topology): Finding[] {
  const names = new Set(topology.tomcats.map((t) => t.name));
  return topology.apache.balancers.flatMap((balancer, b) => {
    const seen = new Set<string>();
    return balancer.members.flatMap((member, m) => {
      const path = ["apache", "balancers", b, "members", m, "tomcat"];
      if (!names.has(member.tomcat)) {
        return [error("member-unknown-tomcat", path, `no Tomcat is named "${member.tomcat}": use one of ${[...names].map((n) => `"${n}"`).join(", ")}`)];
      }
      if (seen.has(member.tomcat)) {
        return [error("member-duplicate", path, `Tomcat "${member.tomcat}" is already a member of balancer "${balancer.name}": list each Tomcat once`)];
      }
      seen.add(member.tomcat);
      return [];
    });
  });
}

/** member-status-conflict: a member is a standby, or has one status; httpd checks +R before +H, so both is ambiguous. */
export function oneMemberStatus(topology: Topology): Finding[] {
  return topology.apache.balancers.flatMap((balancer, b) =>
    balancer.members.flatMap((member, m) =>
      member.standby && member.status
        ? [error("member-status-conflict", ["apache", "balancers", b, "members", m, "status"], `member "${member.tomcat}" is a standby and has status ${member.status}: keep one of the two`)]
        : [],
    ),
  );
}

/** balancer-no-active-member, balancer-all-disabled: someone must take new sessions. */
export function balancerHasActiveMember(topology: Topology): Finding[] {
  return topology.apache.balancers.flatMap((balancer, b) => {
    const path = ["apache", "balancers", b, "members"];
    if (!balancer.members.some((m) => !m.standby && m.status !== "spare")) {
      return [error("balancer-no-active-member", path, `balancer "${balancer.name}" has only standby or spare members: make at least one member active (remove standby: true from it)`)];
    }
    if (balancer.members.every((m) => m.status === "disabled" || m.status === "stopped")) {
      return [error("balancer-all-disabled", path, `every member of balancer "${balancer.name}" is disabled or stopped, so httpd would answer 503 to every request: remove \`status\` from at least one member`)];
    }
    return [];
  });
}

/** member-connector-missing: scheme ajp needs the Tomcat's ajp connector, scheme http its http connector. */
export function memberConnectorExists(topology: Topology): Finding[] {
  const tomcats = new Map(topology.tomcats.map((t) => [t.name, t]));
  return topology.apache.balancers.flatMap((balancer, b) =>
    balancer.members.flatMap((member, m) => {
      const tomcat = tomcats.get(member.tomcat);
      if (!tomcat || tomcat[balancer.scheme]) return [];
      return [
        error(
          "member-connector-missing",
          ["apache", "balancers", b, "members", m, "tomcat"],
          `balancer "${balancer.name}" uses scheme ${balancer.scheme}, but Tomcat "${tomcat.name}" has no \`${balancer.scheme}:\` connector: add \`${balancer.scheme}: { port: ... }\` to it`,
        ),
      ];
    }),
  );
}
