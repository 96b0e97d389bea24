// The 12cd.com promise on the real servers: the primary Tomcat (webjack) and its hot standby (dbjack)
// behind one httpd balancer over AJP, exactly as cfggen renders fixtures/valid/12cd (moved to loopback
// high ports, with the balancer-manager page added). Sticky sessions, standby takeover, a hung
// primary, and a rolling redeploy under load.
// The checks run in order on one deployment; each leaves both Tomcats up, but the last.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/fixtures.js";
import { MANAGER_PATH, balancerManager } from "./support/balancer-manager.js";
import { Browser, get, runLoad, type Reply } from "./support/client.js";
import { prepareDeployment, startDeployment, stopDeployment, withBalancerManager, workspace, type Deployment } from "./support/deployment.js";
import { sleep, waitFor } from "./support/ports.js";
import { runningPids, stopAll } from "./support/processes.js";
import { ROLLING_REDEPLOY_LOAD, expectNoFailedRequest, failedRequests, restartPrimaryThenStandby } from "./support/rolling-redeploy.js";
import type { TomcatInstance } from "./support/tomcat.js";

const HUNG_MS = 8_000;

function routes(replies: Reply[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) counts[`${r.status} ${r.route ?? "-"}`] = (counts[`${r.status} ${r.route ?? "-"}`] ?? 0) + 1;
  return counts;
}

describe("12cd layout on httpd 2.4 + Tomcat 10.1: primary webjack, hot standby dbjack", () => {
  const scratch = workspace("cfggen-e2e-12cd-failover-");
  let deployment: Deployment;
  let primary: TomcatInstance;
  let standby: TomcatInstance;
  let url: string;

  beforeAll(async () => {
    // The 12cd topology plus the balancer-manager page (for 127.0.0.1) that planned restarts use.
    deployment = await prepareDeployment(withBalancerManager(readFileSync(join(FIXTURES, "valid", "12cd", "topology.yaml"), "utf8")), join(scratch.dir, "12cd"));
    primary = deployment.tomcats.get("web")!;
    standby = deployment.tomcats.get("db")!;
    url = deployment.httpd.url("/");
    await startDeployment(deployment);
  });

  afterAll(async () => {
    await stopAll();
    scratch.remove();
  });

  it("sticky: a browser stays on its Tomcat, and its session counter goes up by one each request", async () => {
    const browser = new Browser();
    const replies: Reply[] = [];
    for (let i = 0; i < 20; i++) replies.push(await browser.get(url));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(replies.map((r) => r.session)).size).toBe(1);
    expect(replies.map((r) => r.route)).toEqual(Array(20).fill("webjack"));
    expect(replies.map((r) => r.count)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    console.log(`[e2e] 12cd sticky: 20 requests, 20 x 200 on webjack, one session, counter 1..20`);
  });

  it("hot standby: while the primary is up, the standby serves no request", async () => {
    const browser = new Browser();
    const replies: Reply[] = [];
    for (let i = 0; i < 20; i++) replies.push(await get(url), await browser.get(url));
    expect(routes(replies)).toEqual({ "200 webjack": 40 });
    console.log(`[e2e] 12cd standby idle: 40 requests (20 new visitors, 20 from one browser): ${JSON.stringify(routes(replies))}`);
  });

  it(`a hung primary (SIGSTOP for ${HUNG_MS / 1000} s) fails no request`, async () => {
    const report = await runLoad({
      url,
      ratePerSecond: 5,
      maxDurationMs: 30_000,
      maxRequests: 150,
      minDurationMs: HUNG_MS + 4_000,
      during: async () => {
        await sleep(1_000);
        primary.pause();
        try {
          await sleep(HUNG_MS);
        } finally {
          primary.resume();
        }
      },
    });
    // Once it runs again, the primary takes new visitors back (member retry is 1 s).
    const back = await waitFor(async () => (await get(url)).route === "webjack", 10_000, 250);
    console.log(
      `[e2e] 12cd hung primary: ${report.requests} requests in ${report.durationMs} ms, ${report.failed} failed, ` +
        `slowest ${Math.round(report.maxMs)} ms, browser ${report.sessionsLost} session lost, routes ${JSON.stringify(report.routes)}; primary serves again: ${back}`,
    );
    expect(failedRequests(report, deployment.httpd)).toEqual([]);
    // The member's 1 s CPING gives up on the hung JVM (a probe costs two pings): no request waits for the
    // hang to end. Without ping, measured, every request sent to the primary waited all 8 s.
    expect(report.maxMs).toBeLessThan(5_000);
    expect(report.routes.dbjack ?? 0).toBeGreaterThan(0);
    expect(report.counterSkips).toBe(0);
    expect(back).toBe(true);
  });

  it("rolling redeploy under 20 requests/s for 30 s: restart the primary, then the standby: no failed request", async () => {
    const report = await runLoad({ url, ...ROLLING_REDEPLOY_LOAD, during: () => restartPrimaryThenStandby(balancerManager(deployment.httpd.url(MANAGER_PATH)), primary, standby) });
    expectNoFailedRequest("12cd", report, deployment.httpd);
  });

  it("standby takeover: stop the primary, and every new request is served by the standby", async () => {
    const browser = new Browser();
    expect((await browser.get(url)).route).toBe("webjack");
    await primary.stop();
    const replies: Reply[] = [];
    for (let i = 0; i < 20; i++) replies.push(await get(url), await browser.get(url));
    expect(routes(replies)).toEqual({ "200 dbjack": 40 });
    console.log(`[e2e] 12cd primary stopped: 40 requests (20 new visitors, 20 from a browser that was on webjack): ${JSON.stringify(routes(replies))}`);
  });

  it("stops every process it started, by pid, and leaves nothing listening", async () => {
    expect(await stopDeployment(deployment)).toEqual([]);
    expect(runningPids()).toEqual([]);
  });
});
