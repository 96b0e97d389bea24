// What the tests need to know about a topology, read from the YAML itself (the tests treat cfggen as a
// black box): Tomcats with their routes and files, balancers with their mounts and members.
import { parse } from "yaml";

export interface TomcatFacts {
  name: string;
  host: string;
  jvmRoute: string;
  serverXml: string;
  secretEnv?: string;
}

export interface MemberFacts {
  tomcat: string;
  route: string;
  loadFactor: number;
  standby: boolean;
  status?: string;
  lbset: number;
}

export interface BalancerFacts {
  name: string;
  mounts: string[];
  members: MemberFacts[];
}

export interface TopologyFacts {
  include: string;
  managerPath?: string;
  tomcats: TomcatFacts[];
  balancers: BalancerFacts[];
  /** Every environment variable a secret reference names. */
  secretEnvs: string[];
}

interface RawTopology {
  tomcats: { name: string; host: string; jvmRoute?: string; serverXml: string; ajp?: { secret?: string | { env: string } } }[];
  apache: {
    file: string;
    manager?: { path?: string };
    balancers: { name: string; mount: string | string[]; members: { tomcat: string; loadFactor?: number; standby?: boolean; status?: string; lbset?: number }[] }[];
  };
}

export function topologyFacts(text: string): TopologyFacts {
  const raw = parse(text) as RawTopology;
  const tomcats = raw.tomcats.map((t) => {
    const secret = t.ajp?.secret;
    return { name: t.name, host: t.host, jvmRoute: t.jvmRoute ?? t.name, serverXml: t.serverXml, secretEnv: typeof secret === "object" ? secret.env : undefined };
  });
  const routeOf = (name: string) => tomcats.find((t) => t.name === name)?.jvmRoute ?? name;
  return {
    include: raw.apache.file,
    managerPath: raw.apache.manager ? (raw.apache.manager.path ?? "/balancer-manager") : undefined,
    tomcats,
    balancers: raw.apache.balancers.map((b) => ({
      name: b.name,
      mounts: typeof b.mount === "string" ? [b.mount] : b.mount,
      members: b.members.map((m) => ({
        tomcat: m.tomcat,
        route: routeOf(m.tomcat),
        loadFactor: m.loadFactor ?? 1,
        standby: m.standby ?? false,
        status: m.status,
        lbset: m.lbset ?? 0,
      })),
    })),
    secretEnvs: [...new Set(tomcats.flatMap((t) => (t.secretEnv ? [t.secretEnv] : [])))],
  };
}

/** Routes that may serve a request without a session: active members of the lowest lbset that has any. */
export function firstChoiceRoutes(balancer: BalancerFacts): string[] {
  const active = balancer.members.filter((m) => !m.standby && m.status === undefined);
  const lowest = Math.min(...active.map((m) => m.lbset));
  return active.filter((m) => m.lbset === lowest).map((m) => m.route);
}
