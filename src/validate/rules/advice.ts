import { warning, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";

/** nofailover-standby (warning): with noFailover a standby never takes over a sticky session; users get 503. */
export function noFailoverWithStandby(topology: Topology): Finding[] {
  return topology.apache.balancers.flatMap((balancer, b) =>
    balancer.noFailover && balancer.members.some((m) => m.standby)
      ? [warning("nofailover-standby", ["apache", "balancers", b, "noFailover"], `balancer "${balancer.name}" has a standby but noFailover: true, so users of a stopped member get 503 instead of the standby: set noFailover: false`)]
      : [],
  );
}

/** shutdown-port-disabled (warning): -1 stops catalina.sh from stopping Tomcat gracefully. */
export function shutdownPortDisabled(topology: Topology): Finding[] {
  return topology.tomcats.flatMap((tomcat, i) =>
    tomcat.shutdownPort === -1
      ? [warning("shutdown-port-disabled", ["tomcats", i, "shutdownPort"], `shutdownPort -1: catalina.sh stop cannot stop Tomcat "${tomcat.name}" gracefully; keep it only under jsvc or a service wrapper`)]
      : [],
  );
}
