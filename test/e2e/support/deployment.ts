// A fixture's topology made real on this machine: its loopback copy rendered by cfggen, one Tomcat per
// instance from the rendered server.xml, and one httpd including the rendered file.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseDocument } from "yaml";
import { runCli } from "../../support/fixtures.js";
import { MANAGER_PATH } from "./balancer-manager.js";
import { BASE_MODULES, HttpdInstance, neededModules } from "./httpd.js";
import { loopbackCopy, type LoopbackCopy } from "./loopback-copy.js";
import { isListening, freePorts } from "./ports.js";
import { useProbeVariant, type ProbeVariant } from "./probe-app.js";
import { TomcatInstance } from "./tomcat.js";
import { topologyFacts, type TopologyFacts } from "./topology-facts.js";

/**
 * A scratch folder for one test file, made on first use (a suite filtered out leaves nothing behind);
 * the unprivileged httpd must be able to walk into it.
 */
export function workspace(prefix: string): { readonly dir: string; remove: () => void } {
  let dir: string | undefined;
  return {
    get dir() {
      if (dir === undefined) {
        dir = mkdtempSync(join(tmpdir(), prefix));
        chmodSync(dir, 0o755);
      }
      return dir;
    },
    remove: () => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The topology with cfggen's balancer-manager page for the httpd machine itself (`apache.manager`), which planned restarts use. */
export function withBalancerManager(topologyText: string): string {
  const doc = parseDocument(topologyText);
  doc.setIn(["apache", "manager"], doc.createNode({ path: MANAGER_PATH, allow: ["127.0.0.1"] }));
  return String(doc);
}

/** A fresh value for every secret the topology references: the same on httpd and on every Tomcat. */
export function secretValues(names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, randomBytes(12).toString("hex")]));
}

export interface Deployment {
  dir: string;
  copy: LoopbackCopy;
  facts: TopologyFacts;
  /** The secret environment both servers get by default. */
  env: Record<string, string>;
  includePath: string;
  tomcats: Map<string, TomcatInstance>;
  httpd: HttpdInstance;
}

/**
 * Renders the loopback copy of `topologyText` with cfggen into `dir` and prepares (does not start) the servers.
 * `renderEnv` is added to cfggen's own environment (to show that it never writes a secret's value).
 * `probe` chooses the probe application's variant on every Tomcat (distributable for session replication).
 */
export async function prepareDeployment(topologyText: string, dir: string, renderEnv: Record<string, string> = {}, probe: ProbeVariant = "plain"): Promise<Deployment> {
  const copy = await loopbackCopy(topologyText, dir);
  const rendered = runCli(["render", copy.topology], { env: renderEnv });
  if (rendered.status !== 0) throw new Error(`cfggen render failed (${rendered.status}):\n${rendered.stderr}`);
  const facts = topologyFacts(readFileSync(copy.topology, "utf8"));
  const tomcats = new Map<string, TomcatInstance>();
  for (const t of facts.tomcats) {
    const serverXml = join(dir, t.serverXml);
    const properties = join(dirname(serverXml), "catalina.properties");
    tomcats.set(
      t.name,
      new TomcatInstance({
        name: t.name,
        serverXml,
        catalinaProperties: existsSync(properties) ? properties : undefined,
        base: join(dir, "catalina-base", t.name),
      }),
    );
    useProbeVariant(join(dir, "catalina-base", t.name, "webapps", "ROOT"), probe);
  }
  const includePath = join(dir, facts.include);
  const [httpPort] = await freePorts(1);
  const httpd = new HttpdInstance(join(dir, "httpd"), httpPort!, includePath, [...BASE_MODULES, ...neededModules(readFileSync(includePath, "utf8"))]);
  return { dir, copy, facts, env: secretValues(facts.secretEnvs), includePath, tomcats, httpd };
}

/** Starts every Tomcat (one after the other when they form a session cluster, as measured) and then httpd. */
export async function startDeployment(deployment: Deployment): Promise<void> {
  const tomcats = [...deployment.tomcats.values()];
  for (const t of tomcats) t.env = { ...deployment.env };
  const clustered = tomcats.some((t) => readFileSync(t.options.serverXml, "utf8").includes("<Cluster"));
  if (clustered) for (const t of tomcats) await t.start();
  else await Promise.all(tomcats.map((t) => t.start()));
  await deployment.httpd.start(deployment.env);
}

/** Stops httpd and every Tomcat by pid; returns the sockets still accepting connections afterwards. */
export async function stopDeployment(deployment: Deployment): Promise<string[]> {
  await deployment.httpd.stop();
  await Promise.all([...deployment.tomcats.values()].map((t) => t.stop()));
  const sockets = [
    { host: "127.0.0.1", port: deployment.httpd.port },
    ...[...deployment.tomcats.values()].flatMap((t) => t.endpoints),
  ];
  const open = await Promise.all(sockets.map(async (s) => ((await isListening(s.host, s.port, 500)) ? `${s.host}:${s.port}` : undefined)));
  return open.filter((s): s is string => s !== undefined);
}
