// Topology -> the httpd include: balancers, members, ProxyPass rules, balancer-manager.
import type { Balancer, Member, Tomcat, Topology } from "../model/normalize.js";
import { MEMBER_STATUS } from "../model/schema.js";
import { DEFAULT_PACKET_SIZE, ajpTomcatIndexes } from "../validate/rules/packet-size.js";
import { urlHost } from "../validate/net.js";
import { renderTemplate } from "./engine.js";
import { howToChange, markerLine } from "./marker.js";
import { httpdSecret } from "./secret.js";

interface Param {
  key: string;
  value: string | number;
}

export function renderHttpdInclude(topology: Topology, topologyName: string): string {
  const tomcats = new Map(topology.tomcats.map((t) => [t.name, t]));
  const packetSizes = ajpTomcatIndexes(topology).map((i) => topology.tomcats[i]!.ajp?.packetSize ?? DEFAULT_PACKET_SIZE);
  const packetSize = packetSizes[0] ?? DEFAULT_PACKET_SIZE;
  const manager = topology.apache.manager;
  return renderTemplate("httpd/balancer.conf.hbs", {
    marker: markerLine(topologyName),
    howToChange: howToChange(topologyName),
    modules: requiredModules(topology),
    proxyIOBufferSize: packetSize === DEFAULT_PACKET_SIZE ? false : packetSize,
    balancers: topology.apache.balancers.map((balancer) => ({
      name: balancer.name,
      url: `balancer://${balancer.name}`,
      summary: summary(balancer),
      members: balancer.members.map((member) => memberView(member, tomcats.get(member.tomcat)!, balancer)),
      params: balancerParams(balancer),
    })),
    manager: manager ? { path: manager.path, allow: manager.allow } : false,
    proxyPasses: proxyPasses(topology),
  });
}

/**
 * The modules the include needs, in load order; the comment in the file names them.
 * authz_core is listed although the include may not use Require: without it httpd passes
 * `apache2 -t` and then answers every request with 500 (measured).
 */
export function requiredModules(topology: Topology): string[] {
  const balancers = topology.apache.balancers;
  const modules = ["authz_core", "proxy", "proxy_balancer", "slotmem_shm"];
  for (const method of new Set(balancers.map((b) => b.lbmethod))) modules.push(`lbmethod_${method}`);
  if (balancers.some((b) => b.scheme === "ajp")) modules.push("proxy_ajp");
  if (balancers.some((b) => b.scheme === "http")) modules.push("proxy_http");
  if (topology.apache.manager) modules.push("status", "authz_host");
  return modules;
}

function summary(balancer: Balancer): string {
  const members = balancer.members.map((m) => `${m.tomcat}${m.standby ? " (hot standby)" : m.status ? ` (${m.status})` : ""}`);
  return `balancer "${balancer.name}" over ${balancer.scheme}: ${members.join(", ")}`;
}

function memberView(member: Member, tomcat: Tomcat, balancer: Balancer) {
  const connector = balancer.scheme === "ajp" ? tomcat.ajp! : tomcat.http!;
  const params: Param[] = [
    { key: "route", value: tomcat.jvmRoute },
    { key: "loadfactor", value: member.loadFactor },
  ];
  const secret = balancer.scheme === "ajp" ? httpdSecret(tomcat.ajp?.secret) : undefined;
  if (secret !== undefined) params.push({ key: "secret", value: secret });
  if (member.lbset !== undefined) params.push({ key: "lbset", value: member.lbset });
  params.push({ key: "retry", value: member.retry });
  if (member.ping !== undefined) params.push({ key: "ping", value: member.ping });
  if (member.connectionTimeout !== undefined) params.push({ key: "connectiontimeout", value: member.connectionTimeout });
  if (member.timeout !== undefined) params.push({ key: "timeout", value: member.timeout });
  const status = member.standby ? "H" : member.status ? MEMBER_STATUS[member.status] : undefined;
  if (status) params.push({ key: "status", value: `+${status}` });
  // No trailing slash: httpd appends the request path to the member URL.
  return { url: `${balancer.scheme}://${urlHost(tomcat.host)}:${connector.port}`, params };
}

/** Balancer keys go on ProxySet inside <Proxy>; worker keys stay on BalancerMember (`timeout` differs). */
function balancerParams(balancer: Balancer): Param[] {
  const params: Param[] = [{ key: "lbmethod", value: balancer.lbmethod }];
  if (balancer.stickySession !== false) {
    params.push({ key: "stickysession", value: balancer.stickySession });
    // Tomcat's ;jsessionid=ID.route path parameter ends at the next ';' only with this on.
    if (balancer.stickySession.includes("|")) params.push({ key: "scolonpathdelim", value: "On" });
  }
  params.push({ key: "nofailover", value: balancer.noFailover ? "On" : "Off" });
  params.push({ key: "maxattempts", value: balancer.maxAttempts });
  if (balancer.timeout !== undefined) params.push({ key: "timeout", value: balancer.timeout });
  if (balancer.failOnStatus) params.push({ key: "failonstatus", value: balancer.failOnStatus.join(",") });
  return params;
}

/** Most specific path first: httpd uses the first ProxyPass that matches. */
function proxyPasses(topology: Topology) {
  const rules = topology.apache.balancers.flatMap((balancer) =>
    balancer.mounts.map((mount) => {
      const backend = balancer.backendPath ?? mount;
      const targetPath = backend === "/" && !mount.endsWith("/") ? "" : backend;
      const cookieFrom = backend.replace(/\/+$/, "") || "/";
      const cookieTo = mount.replace(/\/+$/, "") || "/";
      return {
        path: mount,
        target: `balancer://${balancer.name}${targetPath}`,
        // AJP passes the original Host, so Tomcat's redirects are already public; HTTP needs rewriting.
        reverse: balancer.scheme === "http",
        // The session cookie carries Tomcat's path; rewrite it to the public one.
        cookiePath: cookieFrom !== cookieTo,
        cookieFrom,
        cookieTo,
      };
    }),
  );
  return rules.sort((a, b) => b.path.length - a.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
