// The rolling redeploy every failover scenario runs, and what it must show: the primary restarted,
// then the standby (each drained first, as planned work is), under a bounded load; no failed
// request; without replication at most one lost session per switch of Tomcat.
import { expect } from "vitest";
import { plannedRestart, type MemberSwitch } from "./balancer-manager.js";
import type { LoadReport } from "./client.js";
import type { HttpdInstance } from "./httpd.js";
import { sleep } from "./ports.js";

/** 20 requests/s for at least 30 s, at most 60 s and 1000 requests. */
export const ROLLING_REDEPLOY_LOAD = { ratePerSecond: 20, maxDurationMs: 60_000, maxRequests: 1000, minDurationMs: 30_000 } as const;

/**
 * The primary (route webjack), then the standby (dbjack), each a planned restart: drained in the
 * balancer-manager, restarted, enabled again (see balancer-manager.ts for why a bare restart cannot
 * promise zero failed requests).
 */
export async function restartPrimaryThenStandby(members: MemberSwitch, primary: { restart(): Promise<unknown> }, standby: { restart(): Promise<unknown> }): Promise<void> {
  await sleep(2_000);
  await plannedRestart(members, "webjack", primary);
  await sleep(3_000);
  await plannedRestart(members, "dbjack", standby);
  await sleep(2_000);
}

/**
 * The failed requests of a run with httpd's own account of them: its access-log lines that are not
 * 200 and its error log's proxy lines. Empty when nothing failed, so `toEqual([])` fails with the
 * evidence in its message (a race seen once in CI must explain itself there).
 */
export function failedRequests(report: LoadReport, httpd: HttpdInstance): unknown[] {
  if (report.failures.length === 0) return [];
  const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");
  return [
    {
      failures: report.failures,
      httpdAccessNot200: lines(httpd.accessLog()).filter((line) => !/" 200 /.test(line)),
      httpdErrors: lines(httpd.errorLog()).filter((line) => /\[proxy/.test(line)).slice(-40),
    },
  ];
}

export function expectNoFailedRequest(label: string, report: LoadReport, httpd: HttpdInstance): void {
  console.log(
    `[e2e] ${label} rolling redeploy: ${report.requests} requests in ${report.durationMs} ms, ${report.failed} failed, ` +
      `browser ${report.browserRequests} requests / ${report.sessionsLost} sessions lost, slowest ${Math.round(report.maxMs)} ms, routes ${JSON.stringify(report.routes)}`,
  );
  expect(failedRequests(report, httpd)).toEqual([]);
  expect(report.routes.webjack ?? 0).toBeGreaterThan(0);
  expect(report.routes.dbjack ?? 0).toBeGreaterThan(0);
  // Without session replication a session lives on one Tomcat: at most one loss per switch of Tomcat.
  expect(report.sessionsLost).toBeLessThanOrEqual(2);
  expect(report.counterSkips).toBe(0);
}
