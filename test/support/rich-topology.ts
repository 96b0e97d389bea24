// A valid topology that sets every key the format has (at least once), so that a test can put a
// hostile value into any string field; and the catalogue of those fields, checked against the
// JSON Schema so that a new string key cannot escape the injection tests.
import { topologyJsonSchema } from "../../src/model/json-schema.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonPath = (string | number)[];

/**
 * Two Tomcats on two machines, each with every connector; two balancers (AJP and HTTP) that both
 * use both Tomcats, so that renaming a member's Tomcat can only name a missing or repeated one.
 */
export function richTopology(): { [key: string]: Json } {
  return {
    $schema: "./cfggen.schema.json",
    version: 1,
    tomcats: [
      {
        name: "web",
        host: "127.0.0.1",
        jvmRoute: "webRoute",
        version: "10.1",
        shutdownPort: 8005,
        ajp: { port: 8009, address: "127.0.0.1", secret: { env: "AJP_SECRET" }, redirectPort: 8443, uriEncoding: "UTF-8", packetSize: 8192, maxThreads: 200, connectionTimeout: 60000, keepAliveTimeout: 60000, bindOnInit: false },
        http: { port: 8080, address: "127.0.0.1", redirectPort: 8443, connectionTimeout: 20000, maxThreads: 100 },
        cluster: { port: 4000, address: "10.0.0.11" },
        serverXml: "tomcat/web/conf/server.xml",
      },
      {
        name: "db",
        host: "10.0.0.12",
        jvmRoute: "dbRoute",
        version: "9.0",
        ajp: { port: 8009, address: "10.0.0.12", secret: "Literal_Secret_0123456789", uriEncoding: "GBK" },
        http: { port: 8080, address: "10.0.0.12" },
        cluster: { port: 4000, address: "10.0.0.12" },
        serverXml: "tomcat/db/conf/server.xml",
      },
    ],
    apache: {
      file: "apache/cfggen-balancer.conf",
      manager: { path: "/balancer-manager", allow: ["127.0.0.1", "10.0.0.0/8"] },
      balancers: [
        {
          name: "shop",
          mount: ["/shop", "/cart"],
          backendPath: "/app",
          scheme: "ajp",
          lbmethod: "byrequests",
          stickySession: "JSESSIONID|jsessionid",
          noFailover: false,
          maxAttempts: 3,
          timeout: 5,
          failOnStatus: [503],
          sessions: "replicated",
          members: [
            { tomcat: "web", loadFactor: 80, lbset: 0, retry: 1, ping: 1, timeout: 30, connectionTimeout: 2 },
            { tomcat: "db", standby: true },
          ],
        },
        {
          name: "api",
          mount: "/api/",
          backendPath: "/api/",
          scheme: "http",
          lbmethod: "bybusyness",
          stickySession: false,
          sessions: "sticky",
          members: [{ tomcat: "web" }, { tomcat: "db", status: "drain" }],
        },
      ],
    },
  };
}

export interface StringField {
  path: JsonPath;
  /** The value the rich topology has there. */
  value: string;
  /** The schema's path with list indexes as []: ".apache.balancers[].mount[]". */
  schemaPath: string;
  /**
   * closed: an enum, so an accepted value is one of cfggen's own words and may change what is
   * rendered (scheme: http adds ProxyPassReverse); otherwise the value is the user's text.
   */
  closed: boolean;
}

/** Every string in the rich topology, with where the schema describes it. */
export function stringFields(data: Json = richTopology()): StringField[] {
  const closed = new Set(schemaStringPaths().filter((p) => p.closed).map((p) => p.path));
  const fields: StringField[] = [];
  const walk = (node: Json, path: JsonPath) => {
    if (typeof node === "string") {
      const schemaPath = path.map((s) => (typeof s === "number" ? "[]" : `.${s}`)).join("");
      fields.push({ path, value: node, schemaPath, closed: closed.has(schemaPath) });
    } else if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
    else if (node !== null && typeof node === "object") for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(data, []);
  return fields;
}

/** The string-valued places in the JSON Schema of the format. */
export function schemaStringPaths(): { path: string; closed: boolean }[] {
  const found = new Map<string, boolean>();
  const walk = (node: Record<string, unknown> | undefined, path: string) => {
    if (!node || typeof node !== "object") return;
    const isEnum = Array.isArray(node.enum) && typeof node.enum[0] === "string";
    if (node.type === "string" || isEnum || typeof node.const === "string") found.set(path, (found.get(path) ?? true) && (isEnum || typeof node.const === "string"));
    for (const key of ["anyOf", "oneOf", "allOf"]) for (const branch of (node[key] as Record<string, unknown>[] | undefined) ?? []) walk(branch, path);
    for (const [key, value] of Object.entries((node.properties as Record<string, Record<string, unknown>> | undefined) ?? {})) walk(value, `${path}.${key}`);
    if (node.items) walk(node.items as Record<string, unknown>, `${path}[]`);
  };
  walk(topologyJsonSchema(), "");
  return [...found].map(([path, closed]) => ({ path, closed }));
}

export function setAt(data: Json, path: JsonPath, value: Json): void {
  let node = data as Record<string | number, Json>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, Json>;
  node[path[path.length - 1]!] = value;
}
