// Test hosts of their own on this machine: one Linux network namespace per host, each with one interface
// on a private bridge that lives in a namespace of its own, so no address, link or packet of the test ever
// touches the machine's own network. Servers run inside with `ip netns exec` (which execs: the pid is the
// server's); probes and clients run inside through namespace-agent.ts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { MemberSwitch } from "./balancer-manager.js";
import type { LoadOptions, LoadReport } from "./client.js";
import type { Endpoint } from "./endpoints.js";
import type { Operations, Visit } from "./namespace-agent.js";

/** Every namespace this module creates is named PREFIX<pid of the creating process>-<host>. */
const PREFIX = "cfggen-hosts-";
const SUPPORT_DIR = fileURLToPath(new URL("./", import.meta.url));
const AGENT_TIMEOUT_MS = 60_000;

export interface HostPlan {
  /** Short name: web, db, ... (also the bridge port's name: at most 12 characters). */
  name: string;
  /** Its address on the private bridge, e.g. 10.231.0.2. */
  address: string;
}

/** Agents still running, killed by pid when the network is removed. */
const agents = new Set<ChildProcess>();

function ip(args: string[]): string {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  return (stderr?.trim() || (error instanceof Error ? error.message : String(error))).split("\n")[0]!;
}

function namespaces(): string[] {
  return ip(["netns", "list"])
    .split("\n")
    .map((line) => line.split(" ")[0]!)
    .filter(Boolean);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Kills, by pid, whatever still runs inside one of our namespaces, then deletes it. */
function removeNamespace(name: string): void {
  const pids = ip(["netns", "pids", name]).split("\n").filter(Boolean).map(Number);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  ip(["netns", "delete", name]);
}

/** Namespaces left by an earlier run that was killed before its cleanup (its process is gone). */
export function removeLeftoverNamespaces(): string[] {
  const leftovers = namespaces().filter((name) => {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    return owner !== undefined && Number(owner) !== process.pid && !alive(Number(owner));
  });
  for (const name of leftovers) removeNamespace(name);
  return leftovers;
}

/** namespace-agent.ts and the support modules it imports, as JavaScript a plain `node` runs. */
function transpileAgent(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const pending = ["namespace-agent"];
  const done = new Set<string>();
  while (pending.length > 0) {
    const module = pending.pop()!;
    if (done.has(module)) continue;
    done.add(module);
    const source = readFileSync(join(SUPPORT_DIR, `${module}.ts`), "utf8");
    const output = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    writeFileSync(join(dir, `${module}.js`), output);
    // Type-only imports are gone from the output: follow what is left.
    for (const m of output.matchAll(/from "\.\/([\w-]+)\.js"/g)) pending.push(m[1]!);
  }
  return join(dir, "namespace-agent.js");
}

/** One test host: a network namespace with one address on the bridge. */
export class NetworkNamespace {
  constructor(
    /** The namespace's own name (`ip netns`). */
    readonly name: string,
    readonly host: string,
    readonly address: string,
    private readonly agentScript: string,
  ) {}

  /** A command as run on this host: `ip netns exec` execs it, so its pid is the command's own. */
  wrap(command: string, args: string[]): [string, string[]] {
    return ["ip", ["netns", "exec", this.name, command, ...args]];
  }

  /** Its interfaces and IPv4 routes, as `ip` lists them: what it can reach at all. */
  network(): { links: string[]; routes: string[] } {
    const links = ip(["-n", this.name, "-o", "link", "show"])
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(":")[1]!.trim().split("@")[0]!);
    const routes = ip(["-n", this.name, "-4", "route", "show"]).split("\n").filter(Boolean);
    return { links, routes };
  }

  /** One operation of namespace-agent.ts run on this host; `until` ends a load (a line on its stdin). */
  run<K extends keyof Operations>(op: K, input: Operations[K]["input"], { timeoutMs = AGENT_TIMEOUT_MS, until }: { timeoutMs?: number; until?: Promise<unknown> } = {}): Promise<Operations[K]["output"]> {
    const [command, args] = this.wrap(process.execPath, [this.agentScript, op, JSON.stringify(input)]);
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    agents.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdin.on("error", () => undefined); // the agent may be done before we say so
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    void until?.finally(() => child.stdin.end("done\n"));
    if (!until) child.stdin.end();
    return new Promise((resolve, reject) => {
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        agents.delete(child);
        if (code === 0) resolve(JSON.parse(stdout) as Operations[K]["output"]);
        else reject(new Error(`${op} on ${this.host} failed (${code ?? signal}):\n${stderr.trim()}`));
      });
    });
  }

  endpointsUp(endpoints: Endpoint[]): Promise<boolean> {
    return this.run("endpoints-up", { endpoints });
  }

  isListening(host: string, port: number): Promise<boolean> {
    return this.run("listening", { host, port });
  }

  cping(host: string, port: number): Promise<boolean> {
    return this.run("cping", { host, port });
  }

  /** Requests in order from this host: new visitors and one browser (continuing from `cookie`). */
  visits(url: string, visits: Visit[], cookie?: string): Promise<Operations["visits"]["output"]> {
    return this.run("visits", { url, visits, cookie });
  }

  ajpGet(request: Operations["ajp-get"]["input"]): Promise<Operations["ajp-get"]["output"]> {
    return this.run("ajp-get", request);
  }

  /** The balancer-manager page at `pageUrl`, reached from this host. */
  balancerManager(pageUrl: string): MemberSwitch {
    return {
      drain: async (route) => void (await this.run("member-drain", { pageUrl, route })),
      enable: async (route) => void (await this.run("member-enable", { pageUrl, route })),
    };
  }

  /** client.ts's bounded load loop, run on this host while `during` runs here. */
  async load(options: Omit<LoadOptions, "during">, during: () => Promise<void>): Promise<LoadReport> {
    const outcome = during().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    // Request timeouts are 20 s: a load may finish that much after its own bound.
    const [report, failed] = await Promise.all([this.run("load", options, { timeoutMs: options.maxDurationMs + 30_000, until: outcome }), outcome]);
    if (failed) throw failed.error;
    return report;
  }
}

/** A private bridge and one namespace per host on it; `remove()` takes everything away again. */
export class TestNetwork {
  private constructor(
    readonly hosts: Map<string, NetworkNamespace>,
    private readonly created: string[],
    /** Namespaces of an earlier, killed run that create() removed first (with what still ran in them). */
    readonly leftoversRemoved: string[],
  ) {}

  /**
   * Builds the hosts on a /24 of their addresses. Throws one line when the machine does not allow network
   * namespaces (not root, no iproute2, a sandbox without CAP_SYS_ADMIN).
   */
  static create(plans: HostPlan[], workDir: string): TestNetwork {
    const leftoversRemoved = removeLeftoverNamespaces();
    const nameOf = (host: string) => `${PREFIX}${process.pid}-${host}`;
    const lan = nameOf("lan");
    const created: string[] = [];
    try {
      ip(["netns", "add", lan]);
    } catch (error) {
      throw new Error(`network namespaces are not available on this machine (ip netns add: ${firstLine(error)}); this scenario needs root and iproute2`);
    }
    created.push(lan);
    try {
      ip(["-n", lan, "link", "add", "br0", "type", "bridge"]);
      ip(["-n", lan, "link", "set", "br0", "up"]);
      for (const plan of plans) {
        if (plan.name.length > 12) throw new Error(`host name ${plan.name}: at most 12 characters`);
        const name = nameOf(plan.name);
        ip(["netns", "add", name]);
        created.push(name);
        ip(["-n", name, "link", "set", "lo", "up"]);
        // The veth pair is made inside the bridge's namespace and its far end moved straight into the host's.
        ip(["-n", lan, "link", "add", `to-${plan.name}`, "type", "veth", "peer", "name", "eth0", "netns", name]);
        ip(["-n", lan, "link", "set", `to-${plan.name}`, "master", "br0", "up"]);
        ip(["-n", name, "addr", "add", `${plan.address}/24`, "dev", "eth0"]);
        ip(["-n", name, "link", "set", "eth0", "up"]);
      }
    } catch (error) {
      for (const name of created.reverse()) removeNamespace(name);
      throw new Error(`could not build the test hosts: ${firstLine(error)}`);
    }
    const agent = transpileAgent(join(workDir, "namespace-agent"));
    const hosts = new Map(plans.map((p) => [p.name, new NetworkNamespace(nameOf(p.name), p.name, p.address, agent)]));
    return new TestNetwork(hosts, created, leftoversRemoved);
  }

  host(name: string): NetworkNamespace {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no test host ${name}`);
    return host;
  }

  /** Kills agents still running, then whatever still runs in our namespaces, and deletes them. Returns those that remain. */
  remove(): string[] {
    for (const child of agents) child.kill("SIGKILL");
    for (const name of [...this.created].reverse()) {
      if (namespaces().includes(name)) removeNamespace(name);
    }
    return namespaces().filter((name) => this.created.includes(name));
  }
}
