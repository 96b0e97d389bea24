// Apache httpd 2.4 (Debian's apache2) as our own instance: its own ServerRoot, main config and
// loopback port, the rendered include pulled in by that main config. Never the system service.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NetworkNamespace } from "./netns.js";
import { isListening, waitFor } from "./ports.js";
import { launch, logTail, stop, type Launched } from "./processes.js";

export const APACHE2 = "/usr/sbin/apache2";
export const MODULES_DIR = "/usr/lib/apache2/modules";
/** Debian builds every MPM as a module and httpd refuses to run without one. */
export const MPM = "mpm_event";
/**
 * Measured: without mod_authz_core, httpd 2.4 answers every request with 500 ("AH00025: configuration
 * error: couldn't check user"), proxied or not. Every real main config loads it; so does ours.
 */
export const BASE_MODULES = [MPM, "authz_core"];

/** The modules the include says it needs, from its `# Needs modules:` line. */
export function neededModules(include: string): string[] {
  const line = /^# Needs modules:(.*)$/m.exec(include);
  if (!line) throw new Error("the include has no '# Needs modules:' line");
  return (line[1] ?? "").trim().split(/\s+/).filter(Boolean);
}

function loadModules(modules: string[]): string {
  return [...new Set(modules)].map((m) => `LoadModule ${m}_module ${MODULES_DIR}/mod_${m}.so`).join("\n");
}

export interface MainConfigOptions {
  serverRoot: string;
  port: number;
  modules: string[];
  include: string;
  /** Include the file at server level (default) or inside a <VirtualHost>: the include supports both. */
  context?: "server" | "virtualhost";
}

export function mainConfig({ serverRoot, port, modules, include, context = "server" }: MainConfigOptions): string {
  const includeLine = `Include "${include}"`;
  return [
    `ServerRoot "${serverRoot}"`,
    "ServerName 127.0.0.1",
    `Listen 127.0.0.1:${port}`,
    `PidFile "${serverRoot}/run/httpd.pid"`,
    `DefaultRuntimeDir "${serverRoot}/run"`,
    `ErrorLog "${serverRoot}/logs/error.log"`,
    "LogLevel warn",
    `LogFormat "%h \\"%r\\" %>s %D route=%{BALANCER_WORKER_ROUTE}e" probe`,
    `CustomLog "${serverRoot}/logs/access.log" probe`,
    // Debian's own mpm_event settings: two child processes, as a stock server has.
    "StartServers 2",
    "ThreadsPerChild 25",
    "MaxRequestWorkers 150",
    loadModules(modules),
    context === "server" ? includeLine : `<VirtualHost 127.0.0.1:${port}>\n    ServerName 127.0.0.1\n    ${includeLine}\n</VirtualHost>`,
    "",
  ].join("\n");
}

function prepareServerRoot(serverRoot: string): void {
  for (const dir of ["run", "logs", "conf"]) mkdirSync(join(serverRoot, dir), { recursive: true });
}

/** `apache2 -t` on a main config; httpd prints "Syntax OK" or the first error. */
export function configTest(options: MainConfigOptions, env: Record<string, string>): { status: number; output: string } {
  if (!existsSync(APACHE2)) throw new Error(`${APACHE2} not found: run scripts/install-test-deps.sh`);
  prepareServerRoot(options.serverRoot);
  const conf = join(options.serverRoot, "conf", `test-${options.context ?? "server"}.conf`);
  writeFileSync(conf, mainConfig(options));
  const result = spawnSync(APACHE2, ["-t", "-f", conf], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8", timeout: 30_000 });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}`.trim() };
}

/** Run as root (CI), httpd drops to nobody for the whole instance; otherwise it runs as the current user. */
function unprivileged(): { command: string; prefix: string[] } {
  if (process.getuid?.() !== 0) return { command: APACHE2, prefix: [] };
  return { command: "setpriv", prefix: ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", APACHE2] };
}

export class HttpdInstance {
  private process?: Launched;
  readonly includeCopy: string;

  /**
   * `include` is copied into the ServerRoot byte for byte, so the unprivileged instance can read it.
   * With `namespace`, httpd runs inside that network namespace (a test host of its own): its port and
   * url() are on that host's loopback.
   */
  constructor(
    readonly serverRoot: string,
    readonly port: number,
    include: string,
    readonly modules: string[],
    readonly namespace?: NetworkNamespace,
  ) {
    prepareServerRoot(serverRoot);
    this.includeCopy = join(serverRoot, "conf", "cfggen-include.conf");
    copyFileSync(include, this.includeCopy);
    writeFileSync(join(serverRoot, "conf", "httpd.conf"), mainConfig({ serverRoot, port, modules, include: this.includeCopy }));
    if (process.getuid?.() === 0) execFileSync("chown", ["-R", "nobody:nogroup", serverRoot]);
  }

  get pid(): number | undefined {
    return this.process?.hasExited() === false ? this.process.pid : undefined;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(env: Record<string, string>): Promise<void> {
    if (this.pid !== undefined) throw new Error("httpd is already running");
    const { command, prefix } = unprivileged();
    const conf = join(this.serverRoot, "conf", "httpd.conf");
    const args = [...prefix, "-f", conf, "-DFOREGROUND"];
    this.process = launch("httpd", ...(this.namespace?.wrap(command, args) ?? [command, args]), {
      cwd: this.serverRoot,
      env: { PATH: process.env.PATH, LANG: "C", ...env },
      logFile: join(this.serverRoot, "logs", "console.log"),
    });
    const running = this.process;
    const listening = () => (this.namespace ? this.namespace.isListening("127.0.0.1", this.port) : isListening("127.0.0.1", this.port));
    const up = await waitFor(async () => running.hasExited() || (await listening()), 20_000);
    if (running.hasExited() || !up) throw new Error(`httpd did not start:\n${logTail(running)}\n${this.errorLog()}`);
  }

  async stop(): Promise<void> {
    if (this.process) await stop(this.process);
  }

  async restart(env: Record<string, string>): Promise<void> {
    await this.stop();
    await this.start(env);
  }

  errorLog(): string {
    return this.logFile("error.log");
  }

  /** One line per request: client, request line, status, microseconds, the balancer route that served it. */
  accessLog(): string {
    return this.logFile("access.log");
  }

  private logFile(name: string): string {
    const file = join(this.serverRoot, "logs", name);
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }
}
