// Session replication on the real servers (issue 8): fixtures/valid/replicated (the 12cd layout,
// primary webjack and hot standby dbjack, sessions: replicated) rendered by cfggen, moved to loopback
// high ports, with the probe application marked <distributable/>. Under a bounded load, the primary
// stops, comes back (failback) and then both Tomcats are restarted one after the other (a rolling
// redeploy). A cookie-keeping browser's session counter must never restart. The same run with
// sessions: sticky (the same application, no cluster) shows the sessions that replication saves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/fixtures.js";
import { MANAGER_PATH, balancerManager, plannedRestart } from "./support/balancer-manager.js";
import { Browser, runLoad, type LoadReport, type Reply } from "./support/client.js";
import { prepareDeployment, startDeployment, stopDeployment, withBalancerManager, workspace, type Deployment } from "./support/deployment.js";
import { isListening, sleep } from "./support/ports.js";
import { runningPids, stopAll } from "./support/processes.js";
import { failedRequests } from "./support/rolling-redeploy.js";

/** The fixture plus the balancer-manager page (for 127.0.0.1) that planned stops use. */
const REPLICATED = withBalancerManager(readFileSync(join(FIXTURES, "valid", "replicated", "topology.yaml"), "utf8"));

/** The same topology without replication: sessions: sticky and no cluster receivers. */
function stickyVariant(text: string): string {
  const doc = parseDocument(text);
  doc.setIn(["apache", "balancers", 0, "sessions"], "sticky");
  const tomcats = (doc.getIn(["tomcats"]) as { items: unknown[] }).items.length;
  for (let i = 0; i < tomcats; i++) doc.deleteIn(["tomcats", i, "cluster"]);
  return String(doc);
}

/** What one visitor saw at each step of the run: the Tomcat that served it and its session counter. */
interface Step {
  step: string;
  route?: string;
  count?: number;
  status: number;
}

interface Outcome {
  load: LoadReport;
  /** A second browser that asks once after each step, so the route story is visible. */
  witness: Step[];
  /** Cluster receiver sockets (host:port) of the rendered server.xml files. */
  receivers: { host: string; port: number }[];
}

/**
 * Primary stop, failback (the primary starts again), then a rolling redeploy (primary restart, standby
 * restart), all under 20 requests/s (at most 1000): the 12cd-failover procedure with a failback first.
 * Each stop is planned: the member is drained in the balancer-manager first and enabled once its
 * Tomcat is back (see balancer-manager.ts).
 * Tomcat 10.1 keeps no sessions across its own restart (persistence is off in the stock context.xml),
 * so a session survives only if the other Tomcat has it.
 */
async function failoverRun(deployment: Deployment): Promise<Outcome> {
  const primary = deployment.tomcats.get("web")!;
  const standby = deployment.tomcats.get("db")!;
  const url = deployment.httpd.url("/");
  const members = balancerManager(deployment.httpd.url(MANAGER_PATH));
  const witnessBrowser = new Browser();
  const witness: Step[] = [];
  const look = async (step: string) => {
    const reply: Reply = await witnessBrowser.get(url);
    witness.push({ step, route: reply.route, count: reply.count, status: reply.status });
  };
  const receivers = [...deployment.tomcats.values()].flatMap((t) =>
    [...readFileSync(t.options.serverXml, "utf8").matchAll(/<Receiver\b[^>]*\baddress="([^"]+)"[^>]*\bport="(\d+)"/g)].map((m) => ({ host: m[1]!, port: Number(m[2]) })),
  );
  await look("start");
  const load = await runLoad({
    url,
    ratePerSecond: 20,
    maxDurationMs: 60_000,
    maxRequests: 1000,
    minDurationMs: 20_000,
    during: async () => {
      await sleep(2_000);
      await members.drain("webjack");
      await primary.stop();
      await sleep(2_000);
      await look("primary stopped");
      await primary.start();
      await members.enable("webjack");
      await sleep(2_000);
      await look("primary back");
      await plannedRestart(members, "webjack", primary);
      await sleep(2_000);
      await look("primary restarted");
      // The standby's restart, with a look while it is down: the witness's session must move back.
      await members.drain("dbjack");
      await standby.stop();
      await sleep(2_000);
      await look("standby stopped");
      await standby.start();
      await members.enable("dbjack");
      await sleep(2_000);
      await look("standby back");
    },
  });
  return { load, witness, receivers };
}

function summary(mode: string, { load, witness }: Outcome): string {
  const story = witness.map((s) => `${s.step}: ${s.status} ${s.route ?? "-"} #${s.count ?? "-"}`).join(", ");
  return (
    `[e2e] sessions ${mode}: primary stop, failback, rolling redeploy under load: ${load.requests} requests in ${load.durationMs} ms, ${load.failed} failed; ` +
    `cookie-keeping browser ${load.browserRequests} requests, ${load.sessionsLost} sessions lost, ${load.counterSkips} counter skips; routes ${JSON.stringify(load.routes)}; witness ${story}`
  );
}

/**
 * Each SEVERE entry of a Tomcat log with the line after it (the exception's message), but those whose
 * exception is the cluster channel's own ChannelException: a message that could not reach a peer the
 * test was stopping or starting (seen: a session update sent while the peer shut down, "Send failed
 * ... Faulty members"; the stop-membership message when both stop at once; a reply to a peer whose
 * sender was not connected yet). A restarted peer gets every session by state transfer (counted
 * below), and the browser's counter shows whether anything was lost.
 */
function unexpectedSevere(log: string): string[] {
  const lines = log.split("\n");
  return lines.flatMap((line, i) => {
    const next = lines[i + 1] ?? "";
    if (!/\bSEVERE\b/.test(line) || /^\s*org\.apache\.catalina\.tribes\.ChannelException: /.test(next)) return [];
    return [`${line}\n${next}`];
  });
}

/** Starts the deployment, runs the failover procedure, and stops every process of it even when something fails. */
async function runOnce(mode: string, deployment: Deployment): Promise<Outcome & { stillListening: string[] }> {
  let outcome: Outcome | undefined;
  let stillListening: string[] = [];
  try {
    await startDeployment(deployment);
    outcome = await failoverRun(deployment);
  } finally {
    stillListening = await stopDeployment(deployment);
  }
  console.log(summary(mode, outcome));
  return { ...outcome, stillListening };
}

describe("session replication on httpd 2.4 + Tomcat 10.1: primary webjack, hot standby dbjack", () => {
  const scratch = workspace("cfggen-e2e-session-replication-");
  const lost = new Map<string, number>();

  afterAll(async () => {
    await stopAll();
    scratch.remove();
  });

  it("sessions: replicated: the browser's counter never restarts through a primary stop, a failback and a rolling redeploy", async () => {
    const deployment = await prepareDeployment(REPLICATED, join(scratch.dir, "replicated"), {}, "distributable");
    for (const tomcat of deployment.tomcats.values()) expect(readFileSync(tomcat.options.serverXml, "utf8")).toContain('<Cluster className="org.apache.catalina.ha.tcp.SimpleTcpCluster"');
    const { load, witness, receivers, stillListening } = await runOnce("replicated", deployment);
    lost.set("replicated", load.sessionsLost);
    expect(failedRequests(load, deployment.httpd)).toEqual([]);
    expect(load.sessionsLost).toBe(0);
    expect(load.counterSkips).toBe(0);
    expect(load.browserRequests).toBeGreaterThan(100);
    // The witness's one session moves to the standby (JvmRouteBinderValve re-binds it), stays there
    // when the primary returns, and moves back when the standby stops; its counter only goes up.
    expect(witness.map((s) => [s.status, s.route, s.count])).toEqual([
      [200, "webjack", 1],
      [200, "dbjack", 2],
      [200, "dbjack", 3],
      [200, "dbjack", 4],
      [200, "webjack", 5],
      [200, "webjack", 6],
    ]);
    for (const tomcat of deployment.tomcats.values()) expect(unexpectedSevere(tomcat.log()), tomcat.name).toEqual([]);
    // DeltaManager's state transfer: every start but the very first (web, alone) received the
    // sessions of the running peer before its AJP port opened; none timed out.
    const transfers = Object.fromEntries([...deployment.tomcats].map(([name, t]) => [name, t.log().match(/session state sent at \[[^\]]*\] received in \[\d+\] ms/g)?.length ?? 0]));
    console.log(`[e2e] sessions replicated: state transfers received at start: ${JSON.stringify(transfers)}`);
    expect(transfers).toEqual({ web: 2, db: 2 });
    for (const tomcat of deployment.tomcats.values()) expect(tomcat.log()).not.toContain("No session state sent");
    expect(stillListening).toEqual([]);
    expect(receivers).toHaveLength(2);
    expect(await Promise.all(receivers.map((r) => isListening(r.host, r.port, 500)))).toEqual([false, false]);
  });

  it("sessions: sticky, the same run and application: the browser loses its session", async () => {
    const deployment = await prepareDeployment(stickyVariant(REPLICATED), join(scratch.dir, "sticky"), {}, "distributable");
    for (const tomcat of deployment.tomcats.values()) expect(readFileSync(tomcat.options.serverXml, "utf8")).not.toContain("<Cluster");
    const { load, witness, stillListening } = await runOnce("sticky", deployment);
    lost.set("sticky", load.sessionsLost);
    expect(failedRequests(load, deployment.httpd)).toEqual([]);
    expect(load.sessionsLost).toBeGreaterThan(0);
    // Without a cluster a session lives on one Tomcat: the witness starts over on each switch.
    expect(witness.map((s) => [s.status, s.route, s.count])).toEqual([
      [200, "webjack", 1],
      [200, "dbjack", 1],
      [200, "dbjack", 2],
      [200, "dbjack", 3],
      [200, "webjack", 1],
      [200, "webjack", 2],
    ]);
    expect(stillListening).toEqual([]);
  });

  it("prints both counts, and has stopped every process it started", () => {
    console.log(`[e2e] sessions lost by the cookie-keeping browser: replicated ${lost.get("replicated")}, sticky ${lost.get("sticky")}`);
    expect(lost.get("replicated")).toBe(0);
    expect(lost.get("sticky")).toBeGreaterThan(0);
    expect(runningPids()).toEqual([]);
  });
});
