// Plain data -> typed Topology, or findings that say which key is wrong and what to write.
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { error, type Finding, type ModelPath } from "../diagnostics.js";
import { normalize, type Topology } from "./normalize.js";
import { AjpConnector, Apache, Balancer, ClusterReceiver, HttpConnector, Manager, Member, SecretRef, Tomcat, Topology as TopologySchema } from "./schema.js";

export interface ModelResult {
  topology?: Topology;
  findings: Finding[];
}

export function parseModel(data: unknown): ModelResult {
  if (data === null || data === undefined) {
    return { findings: [error("topology-empty", [], "the topology is empty: start with `version: 1`, then `tomcats:` and `apache:`")] };
  }
  const result = TopologySchema.safeParse(data);
  if (result.success) return { topology: normalize(result.data), findings: [] };
  return { findings: result.error.issues.flatMap((issue) => findingsOf(issue, data)) };
}

/** Value-rule codes by field: the stable names users look up in the README. */
const FIELD_CODES: Record<string, string> = {
  jvmRoute: "route-syntax",
  loadFactor: "loadfactor-range",
  lbset: "lbset-range",
  packetSize: "packet-size",
  secret: "secret-syntax",
  env: "secret-syntax",
  port: "port-range",
  redirectPort: "port-range",
  shutdownPort: "port-range",
  stickySession: "sticky-syntax",
  failOnStatus: "status-code",
};

const FIELD_HINTS: Record<string, string> = {
  jvmRoute: "use 1 to 63 of A-Z a-z 0-9 _ - (no dots: httpd reads the route after the first dot of the session id)",
  secret: "use 16 to 63 of A-Z a-z 0-9 _ -, or better `{ env: NAME }`",
  env: "use an environment variable name such as AJP_SECRET",
  packetSize: "use a multiple of 1024 from 8192 to 65536",
  loadFactor: "use a whole number from 1 to 100",
  lbset: "use a whole number from 0 to 99",
  stickySession: "use COOKIE or COOKIE|urlparam, for Tomcat JSESSIONID|jsessionid, or false",
  port: "use a port from 1 to 65535",
  redirectPort: "use a port from 1 to 65535",
  shutdownPort: "use a port from 1 to 65535, or -1 to disable it",
  name: "use lower-case letters, digits, _ and -, starting with a letter or digit",
  lbmethod: "use byrequests, bytraffic or bybusyness",
  failOnStatus: "use HTTP status codes from 100 to 599",
};

/** Values never quoted: a secret, and what is not a valid variable name under `secret: { env }` (often the secret pasted by mistake). */
const SECRET_FIELDS = new Set(["secret", "env"]);

function findingsOf(issue: z.core.$ZodIssue, data: unknown): Finding[] {
  const path = issue.path as ModelPath;
  const field = lastKey(path);
  const value = valueAt(data, path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const known = knownKeys(path);
        const suggestion = known.length ? closest(key, known) : undefined;
        const hint = suggestion && similar(key, suggestion) ? `; did you mean \`${suggestion}\`?` : known.length ? `: remove it, or use one of the keys here: ${known.join(", ")}` : ": remove it";
        return error("unknown-key", [...path, key], `unknown key \`${key}\`${hint}`);
      });
    case "invalid_type":
      if (value === undefined) return [error("missing-key", path, `\`${field}\` is required here: ${FIELD_HINTS[field] ?? `add \`${field}:\` with its value`}`)];
      return [error("wrong-type", path, `\`${field}\` must be ${describeExpected(issue.expected)}, not ${describeValue(value, field)}`)];
    case "invalid_union":
      return unionFindings(issue, data, path, field, value);
    case "invalid_value": {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(" or ");
      // A literal (version: 1) that is not there at all is a missing key, not a wrong value.
      if (value === undefined) return [error("missing-key", path, `\`${field}\` is required here: write \`${field}: ${issue.values.map(String).join("` or `")}\``)];
      return [error(FIELD_CODES[field] ?? "invalid-value", path, `\`${field}\` cannot be ${describeValue(value, field)}: use ${allowed}`)];
    }
    case "too_small":
      // An empty list where one item at least is needed: zod's "expected array to have >=1 items" says less.
      if (issue.origin === "array") return [error(FIELD_CODES[field] ?? "invalid-value", path, `\`${field}\` is an empty list: list at least ${issue.minimum === 1 ? "one item" : `${issue.minimum} items`}`)];
      if (value === "") return [error(FIELD_CODES[field] ?? "invalid-value", path, `\`${field}\` is empty: ${FIELD_HINTS[field] ?? "write a value, or leave the key out where it is optional"}`)];
      return defaultFindings(issue, path, field, value);
    default:
      return defaultFindings(issue, path, field, value);
  }
}

function defaultFindings(issue: z.core.$ZodIssue, path: ModelPath, field: string, value: unknown): Finding[] {
  const code = FIELD_CODES[field] ?? "invalid-value";
  const hint = FIELD_HINTS[field] ?? issue.message.replace(/^Too (small|big): /, "").toLowerCase();
  return [error(code, path, `\`${field}\` ${describeValue(value, field)} is not valid: ${hint}`)];
}

function unionFindings(issue: z.core.$ZodIssueInvalidUnion, data: unknown, path: ModelPath, field: string, value: unknown): Finding[] {
  // Report the branch the user evidently meant: the one that did not fail on the value's type itself.
  const branch = issue.errors.find((issues) => !issues.some((i) => i.code === "invalid_type" && i.path.length === 0));
  if (branch) return branch.flatMap((i) => findingsOf({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue, data));
  const expected = issue.errors.map((issues) => issues.map((i) => (i.code === "invalid_type" ? describeExpected(i.expected) : i.code === "invalid_value" ? i.values.map((v) => JSON.stringify(v)).join(" or ") : "")).filter(Boolean).join(""));
  return [error(value === undefined ? "missing-key" : "wrong-type", path, `\`${field}\` must be ${[...new Set(expected)].join(" or ")}, not ${describeValue(value, field)}`)];
}

/** The keys allowed in the mapping at `path` (list indexes ignored), for "did you mean". */
function knownKeys(path: ModelPath): string[] {
  return KNOWN_KEYS[path.filter((s) => typeof s === "string").join(".")] ?? [];
}

const KNOWN_KEYS: Record<string, string[]> = {
  "": Object.keys(TopologySchema.shape),
  tomcats: Object.keys(Tomcat.shape),
  "tomcats.ajp": Object.keys(AjpConnector.shape),
  "tomcats.ajp.secret": Object.keys(SecretRef.shape),
  "tomcats.http": Object.keys(HttpConnector.shape),
  "tomcats.cluster": Object.keys(ClusterReceiver.shape),
  apache: Object.keys(Apache.shape),
  "apache.manager": Object.keys(Manager.shape),
  "apache.balancers": Object.keys(Balancer.shape),
  "apache.balancers.members": Object.keys(Member.shape),
};

function similar(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.includes(y) || y.includes(x) || distance(x, y) <= Math.max(2, Math.floor(y.length / 3));
}

function lastKey(path: ModelPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === "string") return path[i] as string;
  return "topology";
}

function valueAt(data: unknown, path: ModelPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function describeExpected(expected: string): string {
  const names: Record<string, string> = { object: "a mapping (key: value lines)", array: "a list", string: "a string", number: "a number", int: "a whole number", boolean: "true or false" };
  return names[expected] ?? expected;
}

export function describeValue(value: unknown, field: string): string {
  // A secret of the wrong type (a number, say) is still the secret: never quote it.
  if (SECRET_FIELDS.has(field) && (value === null || typeof value !== "object")) return field === "env" ? "the name given (not shown)" : "the secret given (value not shown)";
  if (value === null) return "empty (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  return String(value);
}
