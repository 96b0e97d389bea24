// `npm run bench`: how fast cfggen is, measured side by side in one run on this machine, printed
// as a markdown table for the README. Not part of the test suite; every run has a time limit.
//
//   BENCH_RUNS=15        runs per start-up command (medians; the lead's targets need >= 10)
//   BENCH_SCALE_RUNS=5   runs per generated topology size
//   BENCH_SIZES=10,100,1000,10000
//   BENCH_TMP=DIR        where topologies are generated and rendered (default: tmpfs /dev/shm when
//                        there is one, so the table measures cfggen rather than the disk)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, accessSync, constants } from "node:fs";
import { cpus, freemem, loadavg, release, tmpdir, totalmem, type } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateTopology } from "./bench/generate-topology.mjs";
import { cleanUpMeasure, measure, median, usesGnuTime } from "./bench/measure.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "bin", "cfggen.js");
const NODE = process.execPath;
const EXAMPLE = join(ROOT, "fixtures", "valid", "12cd", "topology.yaml");

const RUNS = positiveInt("BENCH_RUNS", 15);
const SCALE_RUNS = positiveInt("BENCH_SCALE_RUNS", 5);
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000,10000").split(",").map(Number);
const WARMUP_RUNS = 2;

const TARGETS = { checkRatio: 1.5, renderMs: 1000, renderMb: 200, perMemberSpread: 0.25 };

function positiveInt(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function benchRoot() {
  const preferred = process.env.BENCH_TMP ?? (writable("/dev/shm") ? "/dev/shm" : tmpdir());
  return mkdtempSync(join(preferred, "cfggen-bench-"));
}

function writable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The file system type of the mount that holds `path` (Linux), for the record. */
function fileSystemOf(path) {
  try {
    const mounts = readFileSync("/proc/mounts", "utf8").trim().split("\n").map((line) => line.split(" "));
    const real = resolve(path);
    const best = mounts.filter(([, point]) => real === point || real.startsWith(point.endsWith("/") ? point : `${point}/`)).sort((a, b) => b[1].length - a[1].length)[0];
    return best ? `${best[2]} (${best[1]})` : "unknown";
  } catch {
    return "unknown";
  }
}

function machine(root) {
  const cpu = cpus();
  const load = loadavg().map((l) => l.toFixed(2)).join(" ");
  return [
    `Machine: ${cpu[0]?.model ?? "unknown CPU"} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), ${type()} ${release()}, Node ${process.version}`,
    `Load average (1/5/15 min) at start: ${load}; files in ${root} on ${fileSystemOf(root)}`,
    `Measured with a Node harness: each run a fresh process, commands interleaved run by run, medians; CPU and peak RSS from ${usesGnuTime ? "/usr/bin/time" : "process.resourceUsage() of the child"}.`,
  ];
}

/**
 * Runs the commands round by round, interleaved, so a change in load hits them all alike.
 * `rounds(command)` may give cheap commands more rounds than expensive ones.
 */
function interleaved(commands, rounds) {
  const samples = commands.map(() => []);
  const most = Math.max(...commands.map(rounds));
  for (let round = 0; round < WARMUP_RUNS + most; round++) {
    commands.forEach((command, i) => {
      if (round >= WARMUP_RUNS + rounds(command)) return;
      const sample = measure(command.argv, { cwd: command.cwd, expectStatus: command.expectStatus ?? 0 });
      command.after?.();
      if (round >= WARMUP_RUNS) samples[i].push({ ...sample, round });
    });
  }
  return commands.map((command, i) => ({
    ...command,
    samples: samples[i],
    runs: samples[i].length,
    wallMs: median(samples[i].map((s) => s.wallMs)),
    cpuMs: median(samples[i].map((s) => s.cpuMs)),
    rssMb: median(samples[i].map((s) => s.rssMb)),
    minWallMs: Math.min(...samples[i].map((s) => s.wallMs)),
  }));
}

function startUp(root) {
  const dir = join(root, "12cd");
  mkdirSync(dir);
  copyFileSync(EXAMPLE, join(dir, "topology.yaml"));
  // In sync first, as in a pre-commit hook on a clean tree: check, diff and render have nothing to change.
  measure([NODE, CLI, "render", "topology.yaml"], { cwd: dir });
  const cfggen = (label, args) => ({ label, argv: [NODE, CLI, ...args], cwd: dir });
  return interleaved(
    [
      { label: "`node -e 0` (Node's bare start-up)", argv: [NODE, "-e", "0"], cwd: dir },
      cfggen("`cfggen check`", ["check", "topology.yaml"]),
      cfggen("`cfggen validate`", ["validate", "topology.yaml"]),
      cfggen("`cfggen render --dry-run`", ["render", "--dry-run", "topology.yaml"]),
      cfggen("`cfggen diff`", ["diff", "topology.yaml"]),
    ],
    () => RUNS,
  );
}

function scaling(root) {
  // The smallest size is the fixed cost of `render --out` (start-up, and a first run of every code
  // path: see generate-topology.mjs), subtracted before dividing by the members added, so the
  // per-member column shows growth, not start-up.
  const sizes = [...new Set(SIZES)].sort((a, b) => a - b);
  const commands = sizes.map((members) => {
    const dir = join(root, `members-${members}`);
    mkdirSync(dir);
    const topology = generateTopology(members);
    writeFileSync(join(dir, "topology.yaml"), topology);
    const out = join(dir, "out");
    return {
      members,
      tomcats: (topology.match(/^ {2}- name: /gm) ?? []).length,
      yamlBytes: Buffer.byteLength(topology),
      label: `${members}`,
      argv: [NODE, CLI, "render", "topology.yaml", "--out", out],
      cwd: dir,
      // Every run renders into an empty folder: all files new, as for a CI artifact.
      after: () => {
        const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
        commandFiles.set(members, manifest.files.length);
        rmSync(out, { recursive: true, force: true });
      },
    };
  });
  const commandFiles = new Map();
  // Small sizes cost little and their per-member signal is small against start-up jitter: more runs.
  const rounds = (command) => (command.members >= 5000 ? SCALE_RUNS : SCALE_RUNS * 3);
  const results = interleaved(commands, rounds).map((r) => ({ ...r, files: commandFiles.get(r.members) }));
  const base = results[0];
  const baseByRound = new Map(base.samples.map((s) => [s.round, s.wallMs]));
  // Paired with the 1-member run of the same round, which cancels most of the load drift.
  const perMemberUs = (r) => median(r.samples.map((s) => ((s.wallMs - baseByRound.get(s.round)) * 1000) / (r.members - base.members)));
  return results.map((r) => ({ ...r, perMemberUs: r === base ? undefined : perMemberUs(r) }));
}

const ms = (value) => `${value.toFixed(value < 99.95 ? 1 : 0)} ms`;
const mb = (value) => `${value.toFixed(0)} MB`;

function report(lines, start, scale) {
  const node = start[0];
  const check = start[1];
  const ratio = check.wallMs / node.wallMs;
  lines.push("", `#### Start-up on the 12cd example (${RUNS} runs each, interleaved; files in sync)`, "", "| command | median | min | CPU | × `node -e 0` | peak RSS |", "| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of start) lines.push(`| ${r.label} | ${ms(r.wallMs)} | ${ms(r.minWallMs)} | ${ms(r.cpuMs)} | ${(r.wallMs / node.wallMs).toFixed(2)} | ${mb(r.rssMb)} |`);
  lines.push("", `#### \`cfggen render --out\` on generated topologies (${SCALE_RUNS * 3} runs each, ${SCALE_RUNS} from 5,000 members; interleaved; every run into an empty folder)`, "", "| members | Tomcats | files written | YAML | median wall | CPU | peak RSS | per member¹ |", "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of scale) {
    lines.push(`| ${r.members.toLocaleString("en")} | ${r.tomcats.toLocaleString("en")} | ${r.files.toLocaleString("en")} | ${(r.yamlBytes / 1024).toFixed(0)} KiB | ${ms(r.wallMs)} | ${ms(r.cpuMs)} | ${mb(r.rssMb)} | ${r.perMemberUs === undefined ? "(baseline)" : `${r.perMemberUs.toFixed(1)} µs`} |`);
  }
  const base = scale[0];
  lines.push("", `¹ median over runs of (wall − the ${base.members}-member wall of the same round) ÷ (members − ${base.members}): the cost each member adds, without start-up.`);

  const biggest = scale.find((r) => r.members === 10_000);
  const flat = scale.filter((r) => r.members >= 100 && r.perMemberUs !== undefined);
  const perMember = flat.map((r) => r.perMemberUs);
  const spread = perMember.length > 1 ? (Math.max(...perMember) - Math.min(...perMember)) / Math.min(...perMember) : undefined;
  const verdict = (ok) => (ok === undefined ? "not measured" : ok ? "**met**" : "**missed**");
  lines.push(
    "",
    "| target | measured | |",
    "| --- | --- | --- |",
    `| \`check\` ≤ ${TARGETS.checkRatio}× \`node -e 0\` | ${ratio.toFixed(2)}× (${ms(check.wallMs)} vs ${ms(node.wallMs)}) | ${verdict(ratio <= TARGETS.checkRatio)} |`,
    biggest
      ? `| 10,000 members < ${TARGETS.renderMs} ms, < ${TARGETS.renderMb} MB | ${ms(biggest.wallMs)}, ${mb(biggest.rssMb)} | ${verdict(biggest.wallMs < TARGETS.renderMs && biggest.rssMb < TARGETS.renderMb)} |`
      : "| 10,000 members < 1 s, < 200 MB | (size not run) | not measured |",
    `| per member flat within ${TARGETS.perMemberSpread * 100}% (100 → 10,000) | ${spread === undefined ? "(sizes not run)" : `spread ${(spread * 100).toFixed(0)}% (${perMember.map((v) => `${v.toFixed(1)}`).join(" / ")} µs)`} | ${verdict(spread === undefined ? undefined : spread <= TARGETS.perMemberSpread)} |`,
  );
}

const root = benchRoot();
try {
  const lines = machine(root);
  const start = startUp(root);
  const scale = scaling(root);
  report(lines, start, scale);
  lines.push("", `Load average at end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}. ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`);
  console.log(lines.join("\n"));
} finally {
  rmSync(root, { recursive: true, force: true });
  cleanUpMeasure();
}
