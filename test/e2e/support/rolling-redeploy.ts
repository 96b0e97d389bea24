// The rolling redeploy every failover scenario runs, and what it must show: the primary restarted,
// then the standby, under a bounded load; no failed request; without replication at most one lost
// session per switch of Tomcat.
import { expect } from "vitest";
import type { LoadReport } from "./client.js";
import { sleep } from "./ports.js";

/** 20 requests/s for at least 30 s, at most 60 s and 1000 requests. */
export const ROLLING_REDEPLOY_LOAD = { ratePerSecond: 20, maxDurationMs: 60_000, maxRequests: 1000, minDurationMs: 30_000 } as const;

export async function restartPrimaryThenStandby(primary: { restart(): Promise<unknown> }, standby: { restart(): Promise<unknown> }): Promise<void> {
  await sleep(2_000);
  await primary.restart();
  await sleep(3_000);
  await standby.restart();
  await sleep(2_000);
}

export function expectNoFailedRequest(label: string, report: LoadReport): void {
  console.log(
    `[e2e] ${label} rolling redeploy: ${report.requests} requests in ${report.durationMs} ms, ${report.failed} failed, ` +
      `browser ${report.browserRequests} requests / ${report.sessionsLost} sessions lost, slowest ${Math.round(report.maxMs)} ms, routes ${JSON.stringify(report.routes)}`,
  );
  expect(report.failures).toEqual([]);
  expect(report.routes.webjack ?? 0).toBeGreaterThan(0);
  expect(report.routes.dbjack ?? 0).toBeGreaterThan(0);
  // Without session replication a session lives on one Tomcat: at most one loss per switch of Tomcat.
  expect(report.sessionsLost).toBeLessThanOrEqual(2);
  expect(report.counterSkips).toBe(0);
}
