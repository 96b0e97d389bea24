// A planned stop under the heaviest traffic a stop can meet: a new visitor every millisecond from
// 20 ms before the primary's drain until 20 ms after its SIGTERM, twelve times over. The primary is
// drained in the balancer-manager before it stops (balancer-manager.ts says why a bare stop cannot
// promise this). Measured with this same stream and no drain: about 300 of 450 requests failed
// with Tomcat's own 404 or 503, most of them still inside the just-restarted Tomcat's first page
// compile when the SIGTERM came.
// fixtures/valid/replicated (its synchronous replication keeps each request longest inside Tomcat)
// plus the balancer-manager page, on loopback high ports.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/fixtures.js";
import { MANAGER_PATH, balancerManager, managerMembers } from "./support/balancer-manager.js";
import { get, type Reply } from "./support/client.js";
import { prepareDeployment, startDeployment, stopDeployment, withBalancerManager, workspace } from "./support/deployment.js";
import { sleep } from "./support/ports.js";
import { runningPids, stopAll } from "./support/processes.js";

const STOPS = 12;
/** New visitors are sent every millisecond from 20 ms before the drain until 20 ms after the stop's SIGTERM. */
const SPACING_MS = 1;
const MARGIN_MS = 20;

describe("planned stop of the primary under a stream of new visitors: drained first, no request fails", () => {
  const scratch = workspace("cfggen-e2e-planned-stop-");

  afterAll(async () => {
    await stopAll();
    scratch.remove();
  });

  it(`${STOPS} stops, a request every ${SPACING_MS} ms around each: every one answered 200`, async () => {
    const topology = withBalancerManager(readFileSync(join(FIXTURES, "valid", "replicated", "topology.yaml"), "utf8"));
    const deployment = await prepareDeployment(topology, join(scratch.dir, "replicated"), {}, "distributable");
    const primary = deployment.tomcats.get("web")!;
    const url = deployment.httpd.url("/");
    const pageUrl = deployment.httpd.url(MANAGER_PATH);
    const members = balancerManager(pageUrl);
    const failed: { stop: number; status: number; body: string; error?: string }[] = [];
    const routes: Record<string, number> = {};
    let requests = 0;
    let busyAtStop = 0;
    try {
      await startDeployment(deployment);
      for (let stop = 0; stop < STOPS; stop++) {
        const replies: Promise<Reply>[] = [];
        let sending = true;
        const stream = (async () => {
          while (sending) {
            replies.push(get(url));
            await sleep(SPACING_MS);
          }
        })();
        await sleep(MARGIN_MS);
        await members.drain("webjack");
        // Read again after the drain: a disabled member is sent no new request, so nothing is in flight at the SIGTERM.
        busyAtStop += (await managerMembers(pageUrl)).find((m) => m.route === "webjack")!.busy;
        const stopped = primary.stop();
        await sleep(MARGIN_MS);
        sending = false;
        await stream;
        await stopped;
        for (const reply of await Promise.all(replies)) {
          requests++;
          if (reply.status !== 200) failed.push({ stop, status: reply.status, body: reply.body.slice(0, 120), error: reply.error });
          else routes[reply.route!] = (routes[reply.route!] ?? 0) + 1;
        }
        await primary.start();
        await members.enable("webjack");
      }
    } finally {
      expect(await stopDeployment(deployment)).toEqual([]);
    }
    console.log(`[e2e] planned stop: ${STOPS} drained stops, ${requests} requests sent from ${MARGIN_MS} ms before each drain to ${MARGIN_MS} ms after its SIGTERM, ${failed.length} failed; routes ${JSON.stringify(routes)}`);
    expect(failed).toEqual([]);
    expect(busyAtStop).toBe(0);
    // The stream straddles each drain: both Tomcats served part of it.
    expect(routes.webjack ?? 0).toBeGreaterThan(0);
    expect(routes.dbjack ?? 0).toBeGreaterThan(0);
    expect(runningPids()).toEqual([]);
  });
});
