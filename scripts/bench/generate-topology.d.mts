/** The YAML text of a valid topology with exactly `members` balancer members (see the .mjs). */
export function generateTopology(members: number): string;
