import { error, type Finding } from "../../diagnostics.js";
import type { Topology } from "../../model/normalize.js";

const mountPath = (b: number, balancerMount: unknown, i: number) => (Array.isArray(balancerMount) ? ["apache", "balancers", b, "mount", i] : ["apache", "balancers", b, "mount"]);

/**
 * mount-syntax: a URL path starts with "/"; no "//", no "?" or "#". The balancer-manager path too:
 * it is a <Location> and a ProxyPass path, where "~" would make httpd read a regular expression.
 */
export function mountSyntax(topology: Topology): Finding[] {
  const bad = (p: string) => !p.startsWith("/") || p.includes("//") || /[?#\s]/.test(p);
  const managerPath = topology.apache.manager?.path;
  return [
    ...(managerPath !== undefined && bad(managerPath)
      ? [error("mount-syntax", ["apache", "manager", "path"], `manager path "${managerPath}" is not a URL path: write it as /path (no spaces, ?, # or //), such as /balancer-manager`)]
      : []),
    ...balancerPathProblems(topology, bad),
  ];
}

function balancerPathProblems(topology: Topology, bad: (path: string) => boolean): Finding[] {
  return topology.apache.balancers.flatMap((balancer, b) => [
    ...balancer.mounts.flatMap((mount, i) =>
      bad(mount) ? [error("mount-syntax", mountPath(b, balancer.mount, i), `mount "${mount}" is not a URL path: write it as /path (no spaces, ?, # or //)`)] : [],
    ),
    ...(balancer.backendPath !== undefined && bad(balancer.backendPath)
      ? [error("mount-syntax", ["apache", "balancers", b, "backendPath"], `backendPath "${balancer.backendPath}" is not a URL path: write it as /path`)]
      : []),
  ]);
}

/** mount-duplicate: httpd takes the first matching ProxyPass, so a path served twice is served by one balancer only. */
export function mountsUnique(topology: Topology): Finding[] {
  const seen = new Map<string, string>();
  const managerPath = topology.apache.manager?.path;
  if (managerPath !== undefined) seen.set(normalizeMount(managerPath), "the balancer-manager");
  return topology.apache.balancers.flatMap((balancer, b) =>
    balancer.mounts.flatMap((mount, i) => {
      const key = normalizeMount(mount);
      const owner = seen.get(key);
      if (owner === undefined) return void seen.set(key, `balancer "${balancer.name}"`), [];
      return [error("mount-duplicate", mountPath(b, balancer.mount, i), `mount "${mount}" is already served by ${owner}: each path belongs to one balancer; remove it here or there`)];
    }),
  );
}

/** mount-slash-mismatch: httpd's rule: if the path ends with "/", the target must too, and vice versa. */
export function mountSlashSymmetry(topology: Topology): Finding[] {
  return topology.apache.balancers.flatMap((balancer, b) => {
    const backendPath = balancer.backendPath;
    if (backendPath === undefined) return [];
    const backendSlash = backendPath.endsWith("/");
    return balancer.mounts.flatMap((mount) =>
      // backendPath "/" under a mount without a slash is the whole backend: rendered as balancer://name.
      mount.endsWith("/") !== backendSlash && !(backendPath === "/" && !mount.endsWith("/"))
        ? [
            error(
              "mount-slash-mismatch",
              ["apache", "balancers", b, "backendPath"],
              `backendPath "${backendPath}" and mount "${mount}" must both end with "/" or both not (httpd would build paths like "//x"): write ${backendSlash ? `"${backendPath.replace(/\/+$/, "") || "/"}"` : `"${backendPath}/"`}`,
            ),
          ]
        : [],
    );
  });
}

function normalizeMount(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
