// One Tomcat 10.1 instance (Debian's tomcat10-user) started from a rendered server.xml, in place:
// its own CATALINA_BASE holds only the stock conf/web.xml and logging, the probe application and
// the logs; server.xml and catalina.properties are the files cfggen wrote.
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { endpointUp, type Endpoint } from "./endpoints.js";
import type { NetworkNamespace } from "./netns.js";
import { waitFor } from "./ports.js";
import { kill, launch, logTail, pause, resume, stop, type Launched } from "./processes.js";

export type { Endpoint } from "./endpoints.js";

export const CATALINA_HOME = "/usr/share/tomcat10";
const SKEL_CONF = join(CATALINA_HOME, "skel", "conf");
const PROBE_APP = fileURLToPath(new URL("./probe-app/", import.meta.url));
const STARTED = /Server startup in \[\d+\] milliseconds/g;

/** The sockets a server.xml opens, read from the file itself (commented-out connectors open none). */
export function serverXmlEndpoints(text: string): Endpoint[] {
  const xml = text.replace(/<!--[\s\S]*?-->/g, "");
  const endpoints: Endpoint[] = [];
  const server = /<Server\b([^>]*)>/.exec(xml);
  const serverAttributes = attributes(server?.[1] ?? "");
  const shutdownPort = Number(serverAttributes.port ?? "8005");
  if (shutdownPort > 0) endpoints.push({ kind: "shutdown", host: reachable(serverAttributes.address ?? "localhost"), port: shutdownPort });
  for (const match of xml.matchAll(/<Connector\b([^>]*?)\/?>/g)) {
    const connector = attributes(match[1] ?? "");
    const kind = /AJP/i.test(connector.protocol ?? "") ? "ajp" : "http";
    endpoints.push({ kind, host: reachable(connector.address ?? "127.0.0.1"), port: Number(connector.port) });
  }
  return endpoints;
}

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/([\w:.-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** A bind address as an address to connect to: wildcards and `localhost` are reached on 127.0.0.1. */
function reachable(address: string): string {
  return ["0.0.0.0", "::", "localhost"].includes(address) ? "127.0.0.1" : address;
}

export interface TomcatOptions {
  name: string;
  /** The rendered server.xml, used where it is. */
  serverXml: string;
  /** The rendered catalina.properties; Debian's stock file when cfggen wrote none. */
  catalinaProperties?: string;
  /** Variables the instance sees (the AJP secret); nothing else is inherited but PATH and JAVA_HOME. */
  env?: Record<string, string>;
  /** An empty folder for this instance's CATALINA_BASE. */
  base: string;
  /** A test host of its own: the JVM runs inside this network namespace, and its sockets are probed from there. */
  namespace?: NetworkNamespace;
}

export class TomcatInstance {
  readonly endpoints: Endpoint[];
  /** The environment of the next start (the secret variables); PATH and JAVA_HOME are added. */
  env: Record<string, string>;
  private process?: Launched;

  constructor(readonly options: TomcatOptions) {
    if (!existsSync(join(CATALINA_HOME, "bin", "bootstrap.jar"))) {
      throw new Error(`Tomcat 10.1 not found in ${CATALINA_HOME}: run scripts/install-test-deps.sh`);
    }
    this.env = options.env ?? {};
    this.endpoints = serverXmlEndpoints(readFileSync(options.serverXml, "utf8"));
    const { base } = options;
    for (const dir of ["conf", "logs", "temp", "work", "webapps"]) mkdirSync(join(base, dir), { recursive: true });
    for (const file of ["web.xml", "logging.properties", "context.xml"]) cpSync(join(SKEL_CONF, file), join(base, "conf", file));
    cpSync(PROBE_APP, join(base, "webapps", "ROOT"), { recursive: true });
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.process?.hasExited() === false ? this.process.pid : undefined;
  }

  /** Starts the JVM and waits for "Server startup"; with `connectorsUp` (the default), also for every socket of server.xml. */
  async start({ connectorsUp = true, timeoutMs = 90_000 } = {}): Promise<void> {
    if (this.pid !== undefined) throw new Error(`${this.name} is already running`);
    const { base, serverXml } = this.options;
    const properties = this.options.catalinaProperties ?? join(SKEL_CONF, "catalina.properties");
    const startupsBefore = this.startupLines();
    this.process = launch(
      `tomcat ${this.name}`,
      ...this.inItsNetwork("java", [
        "-Xms64m",
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true",
        `-Dcatalina.home=${CATALINA_HOME}`,
        `-Dcatalina.base=${base}`,
        `-Djava.io.tmpdir=${join(base, "temp")}`,
        `-Djava.util.logging.config.file=${join(base, "conf", "logging.properties")}`,
        "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
        `-Dcatalina.config=file:${properties}`,
        // The probe has no jars; scanning the JDK's and Debian's for TLDs only slows the start.
        "-Dtomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
        "-cp",
        `${CATALINA_HOME}/bin/bootstrap.jar:${CATALINA_HOME}/bin/tomcat-juli.jar`,
        "org.apache.catalina.startup.Bootstrap",
        "-config",
        serverXml,
        "start",
      ]),
      { cwd: base, env: { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME, LANG: "C.UTF-8", ...this.env }, logFile: join(base, "logs", "console.log") },
    );
    const running = this.process;
    const started = await waitFor(() => running.hasExited() || this.startupLines() > startupsBefore, timeoutMs);
    if (running.hasExited() || !started) throw new Error(`${this.name} did not start:\n${logTail(running)}`);
    if (!connectorsUp) return;
    const up = await waitFor(async () => running.hasExited() || (await this.connectorsUp()), 30_000);
    if (running.hasExited() || !up) throw new Error(`${this.name}: connectors not up:\n${logTail(running)}`);
  }

  /** The command as run in this instance's network namespace, if it has one. */
  private inItsNetwork(command: string, args: string[]): [string, string[]] {
    return this.options.namespace?.wrap(command, args) ?? [command, args];
  }

  /** Whether every socket server.xml declares answers (AJP: CPONG, HTTP: a response, shutdown: accepts). */
  async connectorsUp(): Promise<boolean> {
    if (this.options.namespace) return this.options.namespace.endpointsUp(this.endpoints);
    const states = await Promise.all(this.endpoints.map(endpointUp));
    return states.every(Boolean);
  }

  /** "Server startup" lines in the console log: one per completed start of this base. */
  private startupLines(): number {
    return this.log().match(STARTED)?.length ?? 0;
  }

  log(): string {
    try {
      return readFileSync(join(this.options.base, "logs", "console.log"), "utf8");
    } catch {
      return "";
    }
  }

  /** Graceful shutdown (SIGTERM runs Tomcat's shutdown hook). */
  async stop(): Promise<void> {
    if (this.process) await stop(this.process);
  }

  /** kill -9: the JVM vanishes without closing anything. */
  async kill(): Promise<void> {
    if (this.process) await kill(this.process);
  }

  /** SIGSTOP: a hung JVM, its sockets still open. */
  pause(): void {
    if (this.process) pause(this.process);
  }

  resume(): void {
    if (this.process) resume(this.process);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
