// Every server process a test starts, by pid: stopped when the test file ends, even when a check failed,
// and killed if the test worker itself exits first.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";

export interface Launched {
  name: string;
  pid: number;
  /** stdout and stderr of the process. */
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  hasExited(): boolean;
}

const running = new Map<number, { launched: Launched; child: ChildProcess }>();

process.once("exit", () => {
  for (const pid of running.keys()) signal(pid, "SIGKILL");
});

export function launch(name: string, command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Launched {
  const log = openSync(options.logFile, "a");
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", log, log] });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, sig) => {
      exitedFlag = true;
      running.delete(pid);
      resolve(code ?? sig ?? "unknown");
    });
  });
  const launched: Launched = { name, pid, logFile: options.logFile, exited, hasExited: () => exitedFlag };
  running.set(pid, { launched, child });
  return launched;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

export function pause(p: Launched): void {
  signal(p.pid, "SIGSTOP");
}

export function resume(p: Launched): void {
  signal(p.pid, "SIGCONT");
}

/** SIGTERM (graceful for both servers), then SIGKILL after graceMs; resolves once the pid has exited. */
export async function stop(p: Launched, graceMs = 20_000): Promise<void> {
  if (p.hasExited()) return;
  signal(p.pid, "SIGCONT"); // a paused process would hold the SIGTERM pending
  signal(p.pid, "SIGTERM");
  const timer = setTimeout(() => signal(p.pid, "SIGKILL"), graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** SIGKILL: a crash, not a shutdown. */
export async function kill(p: Launched): Promise<void> {
  if (p.hasExited()) return;
  signal(p.pid, "SIGKILL");
  await p.exited;
}

/** Stops every process still running, all at once; returns the names of those that had to be stopped. */
export async function stopAll(): Promise<string[]> {
  const left = [...running.values()].map((r) => r.launched);
  await Promise.all(left.map((p) => stop(p)));
  return left.map((p) => p.name);
}

export function runningPids(): number[] {
  return [...running.keys()];
}

/** The last lines of a process's log, for failure messages. */
export function logTail(p: Launched, lines = 30): string {
  try {
    return readFileSync(p.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
