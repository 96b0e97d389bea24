// `apache2 -t` on a generated include: the real httpd reads it (no server is started) under a
// minimal main configuration that loads exactly the modules the include's "# Needs modules:" line
// names, and dumps the directives as it parsed them (mod_info's -D DUMP_CONFIG).
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseHttpdConfig, type HttpdDirective } from "./httpd-config.js";

export const APACHE_BINARY = ["/usr/sbin/apache2", "/usr/sbin/httpd"].find((path) => existsSync(path)) ?? "apache2";
const MODULES_DIR = "/usr/lib/apache2/modules";

export interface ConfigTestResult {
  status: number;
  /** httpd's messages (warnings, errors, "Syntax OK"). */
  output: string;
  /** The include's directives as httpd split them into lines and sections. */
  dumped: HttpdDirective[];
}

/** The modules named on the include's "# Needs modules:" line. */
export function neededModules(include: string): string[] {
  const line = /^# Needs modules:(.*)$/m.exec(include);
  if (!line) throw new Error("the include has no '# Needs modules:' line");
  return line[1]!.trim().split(/\s+/);
}

/**
 * Writes the include and a main configuration into `dir` and runs `apache2 -t -D DUMP_CONFIG`.
 * `env` is httpd's environment: ${NAME} references in the include are expanded from it.
 */
export function apacheConfigTest(dir: string, include: string, env: NodeJS.ProcessEnv = {}): ConfigTestResult {
  const includePath = join(dir, "cfggen-include.conf");
  const mainPath = join(dir, "httpd-main.conf");
  writeFileSync(includePath, include);
  const modules = ["mpm_event", "info", ...neededModules(include)];
  writeFileSync(
    mainPath,
    [
      `ServerRoot "${dir}"`,
      `PidFile "${join(dir, "httpd.pid")}"`,
      `ErrorLog "${join(dir, "error.log")}"`,
      // Never bound: -t only reads the configuration.
      `Listen 127.0.0.1:${20000 + (process.pid % 1000)}`,
      "ServerName localhost",
      ...[...new Set(modules)].map((m) => `LoadModule ${m}_module "${join(MODULES_DIR, `mod_${m}.so`)}"`),
      `Include "${includePath}"`,
      "",
    ].join("\n"),
  );
  const result = spawnSync(APACHE_BINARY, ["-t", "-D", "DUMP_CONFIG", "-f", mainPath], { encoding: "utf8", env: { PATH: process.env.PATH, ...env }, timeout: 30_000 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const marker = `# In file: ${includePath}`;
  const start = result.stdout?.indexOf(marker) ?? -1;
  const dumped = result.status === 0 && start >= 0 ? parseHttpdConfig(result.stdout.slice(start).replace(/\nSyntax OK\n?$/, "\n")) : [];
  return { status: result.status ?? -1, output, dumped };
}
