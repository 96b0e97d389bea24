import { error, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";

/** tomcat-name-duplicate: each Tomcat needs its own name, since members refer to it. */
export function uniqueTomcatNames(topology: Topology): Finding[] {
  const seen = new Map<string, number>();
  return topology.tomcats.flatMap((tomcat, i) => {
    const first = seen.get(tomcat.name);
    if (first === undefined) return void seen.set(tomcat.name, i), [];
    return [error("tomcat-name-duplicate", ["tomcats", i, "name"], `Tomcat name "${tomcat.name}" is already used by tomcats[${first}]: give each Tomcat its own name`)];
  });
}

/** jvmroute-duplicate: two Tomcats with one route send each other's sessions to the wrong JVM. */
export function uniqueJvmRoutes(topology: Topology): Finding[] {
  const seen = new Map<string, number>();
  return topology.tomcats.flatMap((tomcat, i) => {
    const first = seen.get(tomcat.jvmRoute);
    if (first === undefined) return void seen.set(tomcat.jvmRoute, i), [];
    // When jvmRoute is not written (it defaults to the name), the locator points at the Tomcat itself.
    return [error("jvmroute-duplicate", ["tomcats", i, "jvmRoute"], `jvmRoute "${tomcat.jvmRoute}" is already the route of Tomcat "${topology.tomcats[first]!.name}": routes must be unique, or sessions land on the wrong Tomcat`)];
  });
}

/** balancer-name-duplicate: httpd lower-cases balancer names, so Cluster and cluster are one balancer. */
export function uniqueBalancerNames(topology: Topology): Finding[] {
  const seen = new Map<string, string>();
  return topology.apache.balancers.flatMap((balancer, i) => {
    const key = balancer.name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) return void seen.set(key, balancer.name), [];
    return [error("balancer-name-duplicate", ["apache", "balancers", i, "name"], `balancer "${balancer.name}" is the same balancer as "${first}" to httpd (names are compared ignoring case): rename one`)];
  });
}
