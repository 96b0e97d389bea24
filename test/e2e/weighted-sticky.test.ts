// A three-member balancer with weights (fixtures/valid/three-weighted: load factors 50, 30, 20, byrequests)
// on the real servers: new visitors are shared by the load factors, and every session sticks to the
// Tomcat that created it even though the balancer keeps rotating.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/fixtures.js";
import { Browser, get, type Reply } from "./support/client.js";
import { prepareDeployment, startDeployment, stopDeployment, workspace, type Deployment } from "./support/deployment.js";
import { runningPids, stopAll } from "./support/processes.js";

const VISITORS = 300;
/** Largest allowed gap between a member's observed share and its load factor's, in percentage points. */
const TOLERANCE_POINTS = 5;
const BROWSERS = 6;
const CLICKS = 10;

describe("three weighted members on httpd 2.4 + Tomcat 10.1", () => {
  const scratch = workspace("cfggen-e2e-weighted-");
  let deployment: Deployment;
  let url: string;

  beforeAll(async () => {
    deployment = await prepareDeployment(readFileSync(join(FIXTURES, "valid", "three-weighted", "topology.yaml"), "utf8"), join(scratch.dir, "weighted"));
    url = deployment.httpd.url("/");
    await startDeployment(deployment);
  });

  afterAll(async () => {
    await stopAll();
    scratch.remove();
  });

  it(`new visitors are shared by load factor, each member within ${TOLERANCE_POINTS} points`, async () => {
    const [balancer] = deployment.facts.balancers;
    const totalFactor = balancer!.members.reduce((sum, m) => sum + m.loadFactor, 0);
    const served: Record<string, number> = {};
    for (let i = 0; i < VISITORS; i++) {
      const reply = await get(url);
      expect(reply.status).toBe(200);
      served[reply.route!] = (served[reply.route!] ?? 0) + 1;
    }
    const shares = balancer!.members.map((m) => ({
      route: m.route,
      expected: (100 * m.loadFactor) / totalFactor,
      observed: (100 * (served[m.route] ?? 0)) / VISITORS,
    }));
    console.log(`[e2e] weighted shares of ${VISITORS} new visitors: ${shares.map((s) => `${s.route} ${s.observed.toFixed(1)}% (load factor ${s.expected.toFixed(0)}%)`).join(", ")}`);
    expect(Object.keys(served).sort()).toEqual(shares.map((s) => s.route).sort());
    for (const s of shares) expect(Math.abs(s.observed - s.expected), s.route).toBeLessThanOrEqual(TOLERANCE_POINTS);
  });

  it("sticky: each browser stays on the Tomcat that created its session, and its counter goes up by one", async () => {
    const browsers = Array.from({ length: BROWSERS }, () => new Browser());
    const replies: Reply[][] = browsers.map(() => []);
    // Interleaved, so that without stickiness the rotation would move each browser.
    for (let click = 0; click < CLICKS; click++) {
      for (const [i, browser] of browsers.entries()) replies[i]!.push(await browser.get(url));
    }
    for (const own of replies) {
      expect(own.map((r) => r.status)).toEqual(Array(CLICKS).fill(200));
      expect(new Set(own.map((r) => r.route)).size).toBe(1);
      expect(own.map((r) => r.count)).toEqual(Array.from({ length: CLICKS }, (_, i) => i + 1));
    }
    const homes = replies.map((own) => own[0]!.route);
    expect(new Set(homes).size).toBeGreaterThan(1);
    console.log(`[e2e] weighted sticky: ${BROWSERS} browsers x ${CLICKS} interleaved requests, all 200, each on one Tomcat (${homes.join(", ")}), counters 1..${CLICKS}`);
  });

  it("stops every process it started, by pid, and leaves nothing listening", async () => {
    expect(await stopDeployment(deployment)).toEqual([]);
    expect(runningPids()).toEqual([]);
  });
});
