// The topology format (spec v1) as zod 4 schemas: the one source of the
// runtime checks, the TypeScript types and the JSON Schema for editors.
// Shape only; rules that look across fields live in src/validate.
// A namespace import, so the bundle keeps only the parts of zod used here (no locales, ...).
import * as z from "zod";

const port = z.int().min(1).max(65535);

/** A route travels in the session cookie (`ID.route`) and in httpd's `route=`: cookie-safe, < 64 chars. */
export const ROUTE_PATTERN = /^[A-Za-z0-9_-]{1,63}$/;
export const TOMCAT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const BALANCER_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Characters httpd (< 64) and Tomcat (ASCII) both accept, and mod_jk would not cut at `#`. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{16,63}$/;
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const STICKY_PATTERN = /^[A-Za-z0-9_.-]+(\|[A-Za-z0-9_.-]+)?$/;

export const SecretRef = z
  .strictObject({
    env: z.string().regex(ENV_NAME_PATTERN).meta({
      description: "Name of the environment variable that holds the secret on both machines. The generated files hold only the reference.",
      examples: ["AJP_SECRET"],
    }),
  })
  .meta({ description: "Secret read from the environment at start-up by httpd and by Tomcat (preferred)." });

export const Secret = z
  .union([
    SecretRef,
    z.string().regex(SECRET_PATTERN).meta({
      description: "Literal secret, 16 to 63 characters of A-Z a-z 0-9 _ -. Allowed with a warning: it ends up in the generated files.",
    }),
  ])
  .meta({
    description: "The AJP shared secret (httpd `secret=`, Tomcat `secret`). Required on an AJP connector not bound to loopback (CVE-2020-1938).",
    examples: [{ env: "AJP_SECRET" }],
  });

export const AjpConnector = z
  .strictObject({
    port: port.meta({ description: "AJP port Tomcat listens on.", examples: [8009] }),
    address: z.string().min(1).default("127.0.0.1").meta({
      description: "Bind address of the AJP connector. Default loopback (Tomcat's own default). A Tomcat reached from another machine needs the address httpd connects to, and a secret.",
      examples: ["127.0.0.1", "10.0.0.12"],
    }),
    secret: Secret.optional(),
    redirectPort: port.optional().meta({ description: "Port for CONFIDENTIAL security constraints (no socket is bound).", examples: [8443] }),
    uriEncoding: z.string().min(1).optional().meta({ description: "URIEncoding of the connector (Tomcat's default is UTF-8).", examples: ["UTF-8", "GBK"] }),
    packetSize: z.int().min(8192).max(65536).multipleOf(1024).optional().meta({
      description: "AJP packet size in bytes, 8192..65536, a multiple of 1024. httpd's ProxyIOBufferSize is set to match.",
      examples: [16384, 65536],
    }),
    maxThreads: z.int().min(1).optional().meta({ description: "Maximum request threads of the connector (Tomcat's default 200)." }),
    connectionTimeout: z.int().min(1).optional().meta({ description: "Milliseconds to wait for a request on a new connection (AJP default: infinite)." }),
    keepAliveTimeout: z.int().min(1).optional().meta({ description: "Milliseconds an idle AJP connection is kept (default: connectionTimeout)." }),
    bindOnInit: z.boolean().default(false).meta({
      description: "Bind the port when the connector is initialised rather than when it starts. Default false: measured, requests then wait under 60 ms instead of 0.4-0.7 s while Tomcat starts or stops.",
    }),
  })
  .meta({ description: "The AJP/1.3 connector; needed when a balancer with scheme ajp uses this Tomcat." });

export const HttpConnector = z
  .strictObject({
    port: port.meta({ description: "HTTP/1.1 port.", examples: [8080] }),
    address: z.string().min(1).optional().meta({ description: "Bind address (Tomcat's default: all addresses).", examples: ["127.0.0.1", "0.0.0.0"] }),
    redirectPort: port.optional().meta({ description: "Port for CONFIDENTIAL security constraints." }),
    connectionTimeout: z.int().min(1).default(20000).meta({ description: "Milliseconds to wait for the request line (default 20000, as in Tomcat's stock server.xml)." }),
    maxThreads: z.int().min(1).optional().meta({ description: "Maximum request threads of the connector (Tomcat's default 200)." }),
  })
  .meta({ description: "An HTTP/1.1 connector; needed when a balancer with scheme http uses this Tomcat." });

export const ClusterReceiver = z
  .strictObject({
    port: port.meta({ description: "Port of this Tomcat's cluster receiver.", examples: [4000] }),
    address: z.string().min(1).optional().meta({ description: "Receiver address; default the Tomcat's host.", examples: ["10.0.0.12"] }),
  })
  .meta({ description: "Session-replication receiver of this Tomcat (needed when a balancer it serves has sessions: replicated)." });

export const Tomcat = z
  .strictObject({
    name: z.string().regex(TOMCAT_NAME_PATTERN).meta({ description: "Unique name of this Tomcat instance (JVM).", examples: ["web", "db"] }),
    host: z.string().min(1).meta({ description: "The name or IP address at which httpd reaches this Tomcat.", examples: ["127.0.0.1", "dbserver"] }),
    jvmRoute: z.string().regex(ROUTE_PATTERN).optional().meta({
      description: "Engine jvmRoute, and the route= of every BalancerMember that points here. Default: name. Unique in the topology.",
      examples: ["webjack"],
    }),
    version: z.enum(["9.0", "10.1", "11.0"]).default("10.1").meta({ description: "Tomcat line." }),
    shutdownPort: z.union([z.literal(-1), port]).default(8005).meta({ description: "Server shutdown port; -1 disables it (only for jsvc or a service wrapper)." }),
    ajp: AjpConnector.optional(),
    http: HttpConnector.optional(),
    cluster: ClusterReceiver.optional(),
    serverXml: z.string().min(1).meta({
      description: "Path of this instance's server.xml, relative to the topology file.",
      examples: ["tomcat/web/conf/server.xml"],
    }),
  })
  .meta({ description: "One Tomcat instance behind the balancer." });

export const MEMBER_STATUS = { drain: "N", disabled: "D", stopped: "S", spare: "R" } as const;

export const Member = z
  .strictObject({
    tomcat: z.string().min(1).meta({ description: "The name of a Tomcat in tomcats; at most once per balancer.", examples: ["web"] }),
    loadFactor: z.int().min(1).max(100).default(1).meta({ description: "Normalised weight 1..100 (httpd loadfactor)." }),
    standby: z.boolean().default(false).meta({ description: "Hot standby (status=+H): used only when no other member of its lbset can serve." }),
    lbset: z.int().min(0).max(99).optional().meta({ description: "Member set 0..99; all usable members of a lower set are tried first." }),
    status: z.enum(["drain", "disabled", "stopped", "spare"]).optional().meta({
      description: "drain (+N): only existing sticky sessions; disabled (+D) and stopped (+S): no requests; spare (+R): replaces a failed member.",
    }),
    retry: z.int().min(0).default(1).meta({
      description: "Seconds a member in error is left alone before it is tried again. Default 1 (httpd's is 60): measured, it removes the failed request a rolling redeploy otherwise causes.",
    }),
    ping: z.int().min(1).optional().meta({
      description: "Seconds to wait for the CPING/CPONG probe before each request. Default 1 for AJP members: a hung Tomcat then costs about 2 s instead of a failed request.",
    }),
    timeout: z.int().min(1).optional().meta({ description: "Socket timeout in whole seconds (default: httpd's ProxyTimeout)." }),
    connectionTimeout: z.int().min(1).optional().meta({ description: "TCP connect timeout in whole seconds (default: timeout)." }),
  })
  .meta({ description: "One BalancerMember: a Tomcat, reached over the balancer's scheme." });

const urlPath = z.string().min(1);

export const Balancer = z
  .strictObject({
    name: z.string().regex(BALANCER_NAME_PATTERN).max(80).meta({ description: "Balancer name (balancer://NAME); unique ignoring case, as httpd lower-cases it.", examples: ["cluster"] }),
    mount: z.union([urlPath, z.array(urlPath).min(1)]).meta({
      description: "The public path, or list of paths, this balancer serves; unique across balancers.",
      examples: ["/", ["/app", "/api"]],
    }),
    backendPath: urlPath.optional().meta({ description: "The path on the Tomcat side; default the mount.", examples: ["/", "/shop"] }),
    scheme: z.enum(["ajp", "http"]).default("ajp").meta({ description: "Protocol from httpd to Tomcat." }),
    lbmethod: z.enum(["byrequests", "bytraffic", "bybusyness"]).default("byrequests").meta({ description: "Load-balancing method (heartbeat needs mod_heartbeat on the backends, which Tomcat lacks)." }),
    stickySession: z.union([z.string().regex(STICKY_PATTERN).max(63), z.literal(false)]).default("JSESSIONID|jsessionid").meta({
      description: "Cookie|URL-parameter names that carry the route (case-sensitive); false turns stickiness off.",
    }),
    noFailover: z.boolean().default(false).meta({ description: "On: a sticky session whose member is down gets 503 instead of moving to another member." }),
    maxAttempts: z.int().min(0).default(3).meta({
      description: "Failover attempts per request. Default 3 (httpd's is members - 1): measured, it keeps a rolling redeploy free of failed requests.",
    }),
    timeout: z.int().min(1).optional().meta({ description: "Seconds to wait for a free member (balancer timeout, not a socket timeout)." }),
    failOnStatus: z.array(z.int().min(100).max(599)).min(1).optional().meta({ description: "Backend HTTP statuses that put a member in error.", examples: [[503], [500, 503]] }),
    sessions: z.enum(["sticky", "replicated"]).default("sticky").meta({
      description: "sticky: sessions live on one Tomcat; replicated: the Tomcats of this balancer form one session cluster.",
    }),
    members: z.array(Member).min(1).meta({ description: "The BalancerMembers." }),
  })
  .meta({ description: "One <Proxy balancer://NAME> with its ProxyPass mounts." });

export const Manager = z
  .strictObject({
    path: urlPath.default("/balancer-manager").meta({ description: "Path of the balancer-manager page." }),
    allow: z.array(z.string().min(1)).min(1).meta({
      description: "IP addresses or networks allowed to use the page (Require ip ...).",
      examples: [["127.0.0.1", "::1"]],
    }),
  })
  .meta({ description: "The balancer-manager page, restricted by address." });

export const Apache = z
  .strictObject({
    file: z.string().min(1).meta({ description: "The httpd include that cfggen owns whole, relative to the topology file.", examples: ["apache/cfggen-balancer.conf"] }),
    manager: Manager.optional(),
    balancers: z.array(Balancer).min(1).meta({ description: "The balancers." }),
  })
  .meta({ description: "The Apache httpd front end." });

export const Topology = z
  .strictObject({
    $schema: z.string().optional().meta({
      description: "Ignored by cfggen; tells an editor where this JSON Schema is (the `# yaml-language-server: $schema=` comment does the same).",
      examples: ["./node_modules/cfggen/schema/cfggen.schema.json"],
    }),
    version: z.literal(1).meta({ description: "Topology format version." }),
    tomcats: z.array(Tomcat).min(1).meta({ description: "The Tomcat instances (JVMs)." }),
    apache: Apache,
  })
  .meta({ title: "cfggen topology", description: "One Apache httpd front end and the Tomcat instances behind it." });

export type TopologyInput = z.input<typeof Topology>;
export type ParsedTopology = z.output<typeof Topology>;
