// The stock server.xml of Debian's Tomcat 10.1, patched in place by cfggen, starts a real Tomcat
// with exactly the connectors the topology asked for: the shutdown port, the AJP connector cfggen
// added (answering CPING), the stock HTTP connector moved to the topology's port, and the Engine's
// jvmRoute in the session cookie. The CATALINA_BASE is made the way tomcat10-instance-create
// makes one: every file of the skeleton's conf/, and empty logs, webapps, work and temp.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/fixtures.js";
import { stockServerXml } from "../support/server-xml.js";
import { cping } from "./support/ajp.js";

const CATALINA_HOME = "/usr/share/tomcat10";
const SKEL_CONF = join(CATALINA_HOME, "skel", "conf");
// This suite's own loopback ports (19000-19999).
const PORTS = { shutdown: 19405, ajp: 19409, http: 19480 };
const ROUTE = "patched1";

const TOPOLOGY = `version: 1
tomcats:
  - name: stock
    host: 127.0.0.1
    jvmRoute: ${ROUTE}
    shutdownPort: ${PORTS.shutdown}
    ajp:
      port: ${PORTS.ajp}
      secret: { env: AJP_SECRET }
    http:
      port: ${PORTS.http}
    serverXml: base/conf/server.xml
apache:
  file: apache/stock.conf
  balancers:
    - name: stock
      mount: /
      members:
        - tomcat: stock
`;

let tomcat: ChildProcess | undefined;
let dir: string;
let base: string;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function httpGet(port: number, path: string): Promise<{ status: number; cookies: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const request = get({ host: "127.0.0.1", port, path, timeout: 10_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, cookies: response.headers["set-cookie"] ?? [], body }));
    });
    request.once("timeout", () => request.destroy(new Error("timeout")));
    request.once("error", reject);
  });
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (tomcat?.exitCode !== null) throw new Error(`Tomcat exited while waiting for ${what}:\n${consoleLog()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${consoleLog()}`);
}

function consoleLog(): string {
  const path = join(base, "logs", "console.log");
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").slice(-40).join("\n") : "(no log)";
}

beforeAll(async () => {
  for (const port of Object.values(PORTS)) if (await listening(port)) throw new Error(`port ${port} is already in use on 127.0.0.1`);
  dir = mkdtempSync(join(tmpdir(), "cfggen-stock-tomcat-"));
  base = join(dir, "base");
  mkdirSync(join(base, "conf"), { recursive: true });
  for (const file of readdirSync(SKEL_CONF)) cpSync(join(SKEL_CONF, file), join(base, "conf", file));
  for (const sub of ["logs", "work", "temp", "webapps/ROOT"]) mkdirSync(join(base, sub), { recursive: true });
  // A JSP creates a session by default: its cookie carries the Engine's jvmRoute.
  writeFileSync(join(base, "webapps/ROOT/index.jsp"), "<%@ page contentType=\"text/plain\" %>patched stock server.xml\n");
  writeFileSync(join(dir, "topology.yaml"), TOPOLOGY);
}, 30_000);

afterAll(() => {
  // Stopped by pid, even when a check failed.
  if (tomcat?.pid !== undefined && tomcat.exitCode === null) process.kill(tomcat.pid, "SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the stock server.xml of Tomcat 10.1, patched by cfggen", () => {
  it("is patched in place: the stock file with only the managed lines changed", () => {
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    const patched = readFileSync(join(base, "conf/server.xml"), "utf8");
    const stock = stockServerXml();
    expect(patched.length - stock.length).toBeLessThan(400);
    expect(patched).toContain(`<Server port="${PORTS.shutdown}" shutdown="SHUTDOWN">`);
    expect(patched).toContain(`<Connector protocol="AJP/1.3" address="127.0.0.1" port="${PORTS.ajp}" secret="\${AJP_SECRET:-}" bindOnInit="false" />`);
    expect(patched).toContain(`jvmRoute="${ROUTE}"`);
    expect(readFileSync(join(base, "conf/catalina.properties"), "utf8")).toMatch(/^org\.apache\.tomcat\.util\.digester\.PROPERTY_SOURCE=org\.apache\.tomcat\.util\.digester\.EnvironmentPropertySource$/m);
    expect(runCli(["check", "topology.yaml"], { cwd: dir })).toMatchObject({ status: 0, stdout: "" });
  });

  it("starts a real Tomcat 10.1 with the connectors the topology asked for", async () => {
    tomcat = spawn(
      "java",
      [
        "-Xms64m",
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-Djava.awt.headless=true",
        `-Dcatalina.home=${CATALINA_HOME}`,
        `-Dcatalina.base=${base}`,
        `-Djava.io.tmpdir=${join(base, "temp")}`,
        `-Djava.util.logging.config.file=${join(base, "conf/logging.properties")}`,
        "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
        "-cp",
        `${CATALINA_HOME}/bin/bootstrap.jar:${CATALINA_HOME}/bin/tomcat-juli.jar`,
        "org.apache.catalina.startup.Bootstrap",
        "start",
      ],
      { cwd: base, env: { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME, LANG: "C.UTF-8", AJP_SECRET: "e2e-patched-secret-0123456789" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    tomcat.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    tomcat.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    tomcat.on("exit", () => writeFileSync(join(base, "logs", "console.log"), output));
    const log = () => (writeFileSync(join(base, "logs", "console.log"), output), output);

    await waitUntil("Server startup", () => /Server startup in \[\d+\] milliseconds/.test(log()));
    expect(log()).not.toMatch(/Failed to (initialize|start) (connector|component)|SEVERE/);
    await waitUntil("the AJP connector", () => cping("127.0.0.1", PORTS.ajp));
    await waitUntil("the HTTP connector", () => listening(PORTS.http));
    expect(await listening(PORTS.shutdown)).toBe(true);

    const page = await httpGet(PORTS.http, "/");
    expect(page.status).toBe(200);
    expect(page.body).toBe("patched stock server.xml\n");
    expect(page.cookies.join(";")).toMatch(new RegExp(`JSESSIONID=[0-9A-F]+\\.${ROUTE};`));
    // Exactly the connectors asked for: the stock HTTP connector moved, none left on 8080.
    expect(log()).toMatch(new RegExp(`Starting ProtocolHandler \\["http-nio-${PORTS.http}"\\]`));
    expect(log()).toMatch(new RegExp(`Starting ProtocolHandler \\["ajp-nio-127\\.0\\.0\\.1-${PORTS.ajp}"\\]`));
    expect(log().match(/Starting ProtocolHandler/g)).toHaveLength(2);

    // The shutdown port cfggen set stops Tomcat gracefully.
    const exited = new Promise<number | null>((resolve) => tomcat!.once("exit", (code) => resolve(code)));
    const socket = connect({ host: "127.0.0.1", port: PORTS.shutdown }, () => socket.end("SHUTDOWN"));
    socket.once("error", () => undefined);
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 30_000))])).toBe(0);
  });
});
