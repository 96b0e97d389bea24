// httpd's balancer-manager page, driven the way an operator prepares a planned restart: disable the
// member (httpd sends it no new request), wait until none of its requests is in flight, restart the
// Tomcat, enable the member again. Why: Tomcat's own shutdown answers the requests it has already
// read with 503 or 404 once their web application stops under them (measured: 4 of 960 requests sent
// within 40 ms of a SIGTERM), and httpd passes those answers on; it retries only a refused or dropped
// connection. Only a member that gets no traffic can be stopped without failing a request.
import { request } from "node:http";
import { sleep } from "./ports.js";

/** Where the tests' topologies put the page. Imports node built-ins and support modules only: the namespace agent runs this. */
export const MANAGER_PATH = "/balancer-manager";

/** What a planned restart needs from httpd: take a member out of service, and put it back. */
export interface MemberSwitch {
  /** Disables the member and returns once none of its requests is in flight. */
  drain(route: string): Promise<void>;
  enable(route: string): Promise<void>;
}

/** The page at `pageUrl`, reached from this machine. */
export function balancerManager(pageUrl: string): MemberSwitch {
  return { drain: (route) => drain(pageUrl, route), enable: (route) => setDisabled(pageUrl, route, false) };
}

export interface ManagedMember {
  balancer: string;
  /** The member's URL as httpd names it (`ajp://host:port`). */
  worker: string;
  route: string;
  /** The Status column: "Init Ok", "Init Stby Ok", "Init Dis Ok", … */
  status: string;
  /** Requests in flight on this member. */
  busy: number;
  /** The page's anti-CSRF token, required with every change. */
  nonce: string;
}

/** One request on a connection of its own (httpd closes idle keep-alive connections under a pooling client). */
function send(url: string, form?: URLSearchParams): Promise<{ status: number; body: string }> {
  const body = form?.toString();
  const headers = form ? { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body!), referer: url } : {};
  return new Promise((resolve, reject) => {
    const req = request(url, { method: form ? "POST" : "GET", agent: false, headers, timeout: 10_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once("timeout", () => req.destroy(new Error(`${url}: no answer in 10 s`)));
    req.once("error", reject);
    req.end(body);
  });
}

const ROW = /<td><a href="[^"]*\?b=([^&]+)&amp;w=([^&]+)&amp;nonce=([^"]+)">[^<]*<\/a><\/td><td>([^<]*)<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><td>[^<]*<\/td><td>\s*(\d+)\s*<\/td>/g;

/** The members the page lists; fails when the page does not answer 200 (manager not rendered, or not allowed). */
export async function managerMembers(pageUrl: string): Promise<ManagedMember[]> {
  const response = await send(pageUrl);
  if (response.status !== 200) throw new Error(`balancer-manager ${pageUrl}: HTTP ${response.status}`);
  return [...response.body.matchAll(ROW)].map(([, balancer, worker, nonce, route, status, busy]) => ({
    balancer: balancer!,
    worker: worker!,
    nonce: nonce!,
    route: route!,
    status: status!.trim(),
    busy: Number(busy),
  }));
}

async function member(pageUrl: string, route: string): Promise<ManagedMember> {
  const members = await managerMembers(pageUrl);
  const found = members.find((m) => m.route === route);
  if (!found) throw new Error(`balancer-manager ${pageUrl}: no member with route ${route} (routes: ${members.map((m) => m.route).join(", ")})`);
  return found;
}

/** Sets or clears the member's Disabled flag, as the page's own form does, and checks that it took. */
export async function setDisabled(pageUrl: string, route: string, disabled: boolean): Promise<void> {
  const { balancer, worker, nonce } = await member(pageUrl, route);
  const form = new URLSearchParams({ b: balancer, w: worker, nonce, w_status_D: disabled ? "1" : "0" });
  // The Referer is the page itself, as from its own form: httpd refuses changes referred from elsewhere.
  const response = await send(pageUrl, form);
  const now = await member(pageUrl, route);
  if (/\bDis\b/.test(now.status) !== disabled) throw new Error(`balancer-manager: member ${route} is "${now.status}" after ${disabled ? "disabling" : "enabling"} it (HTTP ${response.status})`);
}

/** Disables the member and waits until it has no request in flight (bounded: at most `timeoutMs`). */
export async function drain(pageUrl: string, route: string, timeoutMs = 10_000): Promise<void> {
  await setDisabled(pageUrl, route, true);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { busy } = await member(pageUrl, route);
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`balancer-manager: member ${route} still has ${busy} requests in flight after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** A planned restart: drain the member, restart its Tomcat, enable the member again. */
export async function plannedRestart(members: MemberSwitch, route: string, tomcat: { restart(): Promise<unknown> }): Promise<void> {
  await members.drain(route);
  await tomcat.restart();
  await members.enable(route);
}
