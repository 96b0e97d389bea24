// HTTP clients for the checks: one-off requests (a new visitor each time), a cookie-keeping browser,
// and a bounded load loop that mixes both while something happens to the servers.
import { request as httpRequest } from "node:http";
import { sleep } from "./ports.js";

export interface Reply {
  /** HTTP status, or 0 when no response came (refused, reset, timed out). */
  status: number;
  /** From the probe application: the jvmRoute that served, the session id, the session's request count. */
  route?: string;
  session?: string;
  count?: number;
  ms: number;
  body: string;
  error?: string;
}

export function get(url: string, { cookie, timeoutMs = 20_000 }: { cookie?: string; timeoutMs?: number } = {}): Promise<Reply & { setCookie: string[] }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false, headers: cookie ? { cookie } : {}, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        const probe = /route=(\S*) session=(\S+) count=(\d+)/.exec(body);
        resolve({
          status: res.statusCode ?? 0,
          route: probe?.[1],
          session: probe?.[2],
          count: probe ? Number(probe[3]) : undefined,
          ms: performance.now() - started,
          body,
          setCookie: res.headers["set-cookie"] ?? [],
        });
      });
    });
    req.once("timeout", () => req.destroy(new Error(`no response in ${timeoutMs} ms`)));
    req.once("error", (error) => resolve({ status: 0, ms: performance.now() - started, body: "", error: error.message, setCookie: [] }));
    req.end();
  });
}

/** A visitor that keeps its JSESSIONID cookie, as a browser does. */
export class Browser {
  /** `cookie`: the Cookie header of an earlier browser to continue as (the same visitor, in another process). */
  constructor(private cookie?: string) {}

  /** The Cookie header it sends, if it has a session. */
  get cookieHeader(): string | undefined {
    return this.cookie;
  }

  async get(url: string): Promise<Reply> {
    const reply = await get(url, { cookie: this.cookie });
    const session = reply.setCookie.map((c) => /^JSESSIONID=([^;]+)/.exec(c)?.[1]).find(Boolean);
    if (session) this.cookie = `JSESSIONID=${session}`;
    return reply;
  }
}

export interface LoadOptions {
  url: string;
  ratePerSecond: number;
  /** Hard bounds: the loop never runs longer or sends more than this. */
  maxDurationMs: number;
  maxRequests: number;
  /** Keeps the load on at least this long, even if `during` ends earlier. */
  minDurationMs?: number;
  /** What happens to the servers under load; the load stops once it is done (and minDurationMs has passed). */
  during: () => Promise<void>;
}

export interface LoadReport {
  requests: number;
  failed: number;
  /** Status (0: no response), time into the run and the start of the body (who answered: httpd or Tomcat) of each failed request. */
  failures: { status: number; atMs: number; error?: string; body?: string }[];
  browserRequests: number;
  /** Times the browser's counter restarted at 1: its session was gone. */
  sessionsLost: number;
  /** Times the counter moved by anything but +1 without restarting: a session state out of step. */
  counterSkips: number;
  routes: Record<string, number>;
  maxMs: number;
  durationMs: number;
}

/** The title of an error page, or the body's first characters: enough to tell httpd's 503 from Tomcat's. */
function bodyExcerpt(body: string): string | undefined {
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  const text = (title ?? body).replace(/\s+/g, " ").trim().slice(0, 120);
  return text === "" ? undefined : text;
}

/**
 * Every tick sends one request: new visitors and the browser in turn (the browser only when its previous
 * request has finished, as a person clicks). Bounded in time and in count.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const interval = 1000 / options.ratePerSecond;
  const report: LoadReport = { requests: 0, failed: 0, failures: [], browserRequests: 0, sessionsLost: 0, counterSkips: 0, routes: {}, maxMs: 0, durationMs: 0 };
  const browser = new Browser();
  let browserBusy = false;
  let lastCount = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const elapsed = () => performance.now() - started;

  const record = (reply: Reply, atMs: number) => {
    report.requests++;
    report.maxMs = Math.max(report.maxMs, reply.ms);
    if (reply.status !== 200) {
      report.failed++;
      report.failures.push({ status: reply.status, atMs: Math.round(atMs), error: reply.error, body: bodyExcerpt(reply.body) });
    } else if (reply.route !== undefined) {
      report.routes[reply.route] = (report.routes[reply.route] ?? 0) + 1;
    }
  };

  let duringDone = false;
  let duringError: unknown;
  const during = options.during().then(
    () => void (duringDone = true),
    (error: unknown) => {
      duringDone = true;
      duringError = error;
    },
  );

  for (let tick = 0; ; tick++) {
    const now = elapsed();
    const enough = duringDone && now >= (options.minDurationMs ?? 0);
    if (enough || now >= options.maxDurationMs || report.requests + inFlight.size >= options.maxRequests) break;
    const at = now;
    let sent: Promise<void> | undefined;
    if (tick % 2 === 0) {
      sent = get(options.url).then((reply) => record(reply, at));
    } else if (!browserBusy) {
      browserBusy = true;
      sent = browser.get(options.url).then((reply) => {
        record(reply, at);
        report.browserRequests++;
        if (reply.status === 200 && reply.count !== undefined) {
          if (reply.count === 1 && lastCount > 0) report.sessionsLost++;
          else if (reply.count !== lastCount + 1) report.counterSkips++;
          lastCount = reply.count;
        }
        browserBusy = false;
      });
    }
    if (sent) {
      const tracked = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await sleep(Math.max(0, (tick + 1) * interval - elapsed()));
  }
  await Promise.all(inFlight);
  report.durationMs = Math.round(elapsed());
  await during;
  if (duringError !== undefined) throw duringError;
  return report;
}
