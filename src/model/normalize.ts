// Defaults that depend on other fields, applied once, right after zod's own.
import type { ParsedTopology } from "./schema.js";

type ParsedTomcat = ParsedTopology["tomcats"][number];
type ParsedBalancer = ParsedTopology["apache"]["balancers"][number];
type ParsedMember = ParsedBalancer["members"][number];

export type Tomcat = ParsedTomcat & { jvmRoute: string };
export type Member = ParsedMember;
export type Balancer = ParsedBalancer & {
  /** `mount` as a list, in the order written. */
  mounts: string[];
};
export type Topology = Omit<ParsedTopology, "tomcats" | "apache"> & {
  tomcats: Tomcat[];
  apache: Omit<ParsedTopology["apache"], "balancers"> & { balancers: Balancer[] };
};

/** Measured on these servers: a 1 s CPING turns a hung Tomcat into a 2 s delay instead of a failed request. */
export const DEFAULT_AJP_PING_SECONDS = 1;

export function normalize(parsed: ParsedTopology): Topology {
  return {
    ...parsed,
    tomcats: parsed.tomcats.map((tomcat) => ({ ...tomcat, jvmRoute: tomcat.jvmRoute ?? tomcat.name })),
    apache: {
      ...parsed.apache,
      balancers: parsed.apache.balancers.map((balancer) => ({
        ...balancer,
        mounts: typeof balancer.mount === "string" ? [balancer.mount] : balancer.mount,
        members: balancer.members.map((member) => ({
          ...member,
          ping: member.ping ?? (balancer.scheme === "ajp" ? DEFAULT_AJP_PING_SECONDS : undefined),
        })),
      })),
    },
  };
}
