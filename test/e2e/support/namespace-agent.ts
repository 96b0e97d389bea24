// Run inside a network namespace (`ip netns exec NS node namespace-agent.js OP JSON`, transpiled with its
// imports by netns.ts): one network operation from that host, its result as one JSON line on stdout.
// Node cannot enter a namespace itself, so every probe and client a test runs "on a host" goes this way.
import { createInterface } from "node:readline";
import { ajpGet, type AjpRequest } from "./ajp-request.js";
import { drain, setDisabled } from "./balancer-manager.js";
import { cping } from "./ajp.js";
import { Browser, get, runLoad, type LoadOptions, type Reply } from "./client.js";
import { endpointUp, type Endpoint } from "./endpoints.js";
import { isListening } from "./ports.js";

/** A visit: a new visitor (no cookie) or the browser (keeps its cookie). */
export type Visit = "new" | "browser";

export interface Operations {
  "endpoints-up": { input: { endpoints: Endpoint[] }; output: boolean };
  listening: { input: { host: string; port: number }; output: boolean };
  cping: { input: { host: string; port: number }; output: boolean };
  visits: { input: { url: string; visits: Visit[]; cookie?: string }; output: { replies: Reply[]; cookie?: string } };
  /** The load runs until a line arrives on stdin (or stdin closes), within the options' own bounds. */
  load: { input: Omit<LoadOptions, "during">; output: Awaited<ReturnType<typeof runLoad>> };
  "ajp-get": { input: AjpRequest; output: Awaited<ReturnType<typeof ajpGet>> };
  /** balancer-manager.ts's drain (disable, wait until idle) or enable of the member with that route. */
  "member-drain": { input: { pageUrl: string; route: string }; output: null };
  "member-enable": { input: { pageUrl: string; route: string }; output: null };
}

function stdinLine(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.once("line", () => resolve());
    lines.once("close", () => resolve());
  });
}

async function visits({ url, visits, cookie }: Operations["visits"]["input"]): Promise<Operations["visits"]["output"]> {
  const browser = new Browser(cookie);
  const replies: Reply[] = [];
  for (const visit of visits) {
    const reply = visit === "browser" ? await browser.get(url) : await get(url);
    // The probe page is one line; an error page is cut short.
    replies.push({ status: reply.status, route: reply.route, session: reply.session, count: reply.count, ms: Math.round(reply.ms), body: reply.body.slice(0, 300), error: reply.error });
  }
  return { replies, cookie: browser.cookieHeader };
}

async function run(op: string, input: never): Promise<unknown> {
  switch (op as keyof Operations) {
    case "endpoints-up": {
      const { endpoints } = input as Operations["endpoints-up"]["input"];
      return (await Promise.all(endpoints.map(endpointUp))).every(Boolean);
    }
    case "listening": {
      const { host, port } = input as Operations["listening"]["input"];
      return isListening(host, port);
    }
    case "cping": {
      const { host, port } = input as Operations["cping"]["input"];
      return cping(host, port);
    }
    case "visits":
      return visits(input);
    case "load":
      return runLoad({ ...(input as Operations["load"]["input"]), during: stdinLine });
    case "ajp-get":
      return ajpGet(input);
    case "member-drain": {
      const { pageUrl, route } = input as Operations["member-drain"]["input"];
      return drain(pageUrl, route).then(() => null);
    }
    case "member-enable": {
      const { pageUrl, route } = input as Operations["member-enable"]["input"];
      return setDisabled(pageUrl, route, false).then(() => null);
    }
  }
  throw new Error(`unknown operation ${op}`);
}

const [op = "", json = "{}"] = process.argv.slice(2);
run(op, JSON.parse(json) as never).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    // Nothing else to wait for (stdin of a finished load may still be open).
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
