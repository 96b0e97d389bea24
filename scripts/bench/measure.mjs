// Runs one command as a fresh process and measures it: wall time (hrtime around the spawn),
// CPU time and peak resident memory of the child. GNU time (/usr/bin/time) reports the child's
// rusage when installed; otherwise a preloaded module reports process.resourceUsage() at exit.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";
/** No single run may hang the benchmark. */
const RUN_TIMEOUT_MS = 120_000;

export const usesGnuTime = existsSync(GNU_TIME);

const reportDir = usesGnuTime ? undefined : mkdtempSync(join(tmpdir(), "cfggen-bench-rusage-"));
const REPORTER = `data:text/javascript,${encodeURIComponent(
  'import{writeFileSync}from"node:fs";process.on("exit",()=>{const u=process.resourceUsage();writeFileSync(process.env.CFGGEN_BENCH_RUSAGE,JSON.stringify({cpu:(u.userCPUTime+u.systemCPUTime)/1000,rssKb:u.maxRSS}))});',
)}`;

/**
 * argv[0] must be `node` (process.execPath) so the fallback can preload its reporter.
 * Returns { wallMs, cpuMs, rssMb, status, stdout, stderr }.
 */
export function measure(argv, { cwd, expectStatus = 0 } = {}) {
  const [command, ...args] = argv;
  let spawnArgs;
  let env = { ...process.env, NO_COLOR: "1" };
  const reportFile = reportDir && join(reportDir, "rusage.json");
  if (usesGnuTime) spawnArgs = [GNU_TIME, ["-f", "\n@@cfggen-bench %U %S %M", command, ...args]];
  else {
    env = { ...env, CFGGEN_BENCH_RUSAGE: reportFile };
    spawnArgs = [command, ["--import", REPORTER, ...args]];
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(spawnArgs[0], spawnArgs[1], { cwd, env, encoding: "utf8", timeout: RUN_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw new Error(`${argv.join(" ")}: ${result.error.message}`);
  let stderr = result.stderr;
  let cpuMs;
  let rssMb;
  if (usesGnuTime) {
    const match = /\n?@@cfggen-bench ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
    if (!match) throw new Error(`${argv.join(" ")}: no timing from ${GNU_TIME} (status ${result.status}): ${stderr.slice(-500)}`);
    stderr = stderr.slice(0, match.index).replace(/Command exited with non-zero status \d+\n$/, "");
    cpuMs = (Number(match[1]) + Number(match[2])) * 1000;
    rssMb = Number(match[3]) / 1024;
  } else {
    const usage = JSON.parse(readFileSync(reportFile, "utf8"));
    rmSync(reportFile);
    cpuMs = usage.cpu;
    rssMb = usage.rssKb / 1024;
  }
  if (result.status !== expectStatus) {
    throw new Error(`${argv.join(" ")} exited ${result.status} (expected ${expectStatus}) in ${cwd ?? process.cwd()}:\n${stderr.slice(0, 2000)}`);
  }
  return { wallMs, cpuMs, rssMb, status: result.status, stdout: result.stdout, stderr };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function cleanUpMeasure() {
  if (reportDir) rmSync(reportDir, { recursive: true, force: true });
}
