// Issue 5, broken input: the corpus. fixtures/invalid/*.yaml (run by invalid-fixtures.test.ts
// with their exact diagnostics) plus the inputs below, which are made at test time because they
// are big, binary, or not files at all. Each one: exit 2, FILE:LINE:COL diagnostics or one line
// naming the path, no stack trace, no file written, within 20 s and 512 MiB of data memory
// (prlimit --data: a run over it dies, and fails the test).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_LINE } from "./support/diagnostic-shape.js";
import { CLI, FIXTURES, tempDir } from "./support/fixtures.js";
import { richTopology } from "./support/rich-topology.js";

const MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;
const TIME_LIMIT_MS = 20_000;
const NOBODY = 65534;

interface Case {
  name: string;
  /** Makes the input in `dir`; returns the topology argument. */
  make(dir: string): string;
  /** What stderr says: a diagnostic code (every line then FILE:LINE:COL), or an I/O reason (one line). */
  expect: { code: string } | { io: string };
  /** Run cfggen as an unprivileged user: root reads any file whatever its mode. */
  unprivileged?: boolean;
}

const topologyText = () => stringify(richTopology());

const CASES: Case[] = [
  { name: "a binary file (NUL bytes)", make: (dir) => file(dir, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256))), expect: { code: "not-text" } },
  { name: "Latin-1 text, not UTF-8", make: (dir) => file(dir, Buffer.from("version: 1\n# caf\xe9\n", "latin1")), expect: { code: "not-text" } },
  { name: "UTF-16 with a byte order mark", make: (dir) => file(dir, Buffer.from(`\ufeff${topologyText()}`, "utf16le")), expect: { code: "not-text" } },
  { name: "a 10 MB file", make: (dir) => file(dir, `${topologyText()}${"# padding padding padding padding padding padding padding\n".repeat(180_000)}`), expect: { code: "file-too-large" } },
  { name: "8 MiB of one flow sequence (the YAML parser would take a minute)", make: (dir) => file(dir, `version: [${"1,".repeat(3_999_000)}1]\n`), expect: { code: "file-too-large" } },
  { name: "a device that never ends (/dev/zero)", make: () => "/dev/zero", expect: { code: "file-too-large" } },
  { name: "40,000 unknown keys (quadratic before)", make: (dir) => file(dir, topologyText() + Array.from({ length: 40_000 }, (_, i) => `key${i}: ${i}\n`).join("")), expect: { code: "unknown-key" } },
  { name: "20,000 repeated keys (quadratic before)", make: (dir) => file(dir, `version: 1\n${Array.from({ length: 20_000 }, (_, i) => `k${i % 10_000}: 1\n`).join("")}`), expect: { code: "yaml-duplicate-key" } },
  { name: "a file name with a line break", make: (dir) => file(dir, "version: [\n", "topology\n.yaml"), expect: { code: "yaml-syntax" } },
  { name: "a directory", make: (dir) => (mkdirSync(join(dir, "topology.yaml")), join(dir, "topology.yaml")), expect: { io: "is a directory, not a topology file" } },
  { name: "a missing file", make: (dir) => join(dir, "topology.yaml"), expect: { io: "no such file or directory" } },
  { name: "a file without read permission", make: (dir) => (chmodSync(dir, 0o755), chmodSync(file(dir, topologyText()), 0o000), join(dir, "topology.yaml")), expect: { io: "permission denied" }, unprivileged: true },
  { name: "a path through a file", make: (dir) => join(file(dir, topologyText()), "topology.yaml"), expect: { io: "a parent of this path is not a directory" } },
  { name: "a symbolic link loop", make: (dir) => (symlinkSync("loop.yaml", join(dir, "loop.yaml")), join(dir, "loop.yaml")), expect: { io: "too many symbolic links" } },
  { name: "a file name longer than the file system allows", make: (dir) => join(dir, `${"t".repeat(300)}.yaml`), expect: { io: "file name too long" } },
];

function file(dir: string, content: string | Buffer, name = "topology.yaml"): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

/** cfggen render under the memory and time limits, as nobody when asked. */
function renderBounded(topology: string, cwd: string, unprivileged: boolean) {
  const asNobody = unprivileged && process.getuid?.() === 0 ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--"] : [];
  const command = [...asNobody, "prlimit", `--data=${MEMORY_LIMIT_BYTES}`, "--", process.execPath, CLI, "render", topology];
  const started = Date.now();
  const result = spawnSync(command[0]!, command.slice(1), { cwd, encoding: "utf8", timeout: TIME_LIMIT_MS, env: { PATH: process.env.PATH, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

describe.each(CASES)("broken input: $name", (c) => {
  it("exit 2 with a diagnostic or one line naming the path, no stack trace, nothing written, bounded", () => {
    const dir = tempDir("cfggen-broken-");
    const topology = c.make(dir);
    const before = readdirSync(dir, { recursive: true }).sort();
    const result = renderBounded(topology, dir, c.unprivileged ?? false);
    expect(result.signal, "killed: over the time limit").toBeNull();
    expect(result.stderr).not.toMatch(/internal error|\n\s+at |FATAL ERROR|heap/i);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    if ("code" in c.expect) {
      for (const line of lines) expect(line).toMatch(DIAGNOSTIC_LINE);
      expect(lines.some((l) => l.includes(` error ${(c.expect as { code: string }).code}: `))).toBe(true);
    } else {
      expect(lines).toEqual([`cfggen: ${topology.replace(/\n/g, "\\n")}: ${c.expect.io}`]);
    }
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expect(result.ms).toBeLessThan(TIME_LIMIT_MS);
  });
});

it("the corpus holds at least 80 broken inputs: the invalid fixtures and the cases above", () => {
  const fixtures = readdirSync(join(FIXTURES, "invalid")).filter((f) => f.endsWith(".yaml"));
  expect(fixtures.length + CASES.length).toBeGreaterThanOrEqual(80);
});

it("every error of the corpus says where, what is wrong, and what to write instead", () => {
  // Guidance is an instruction (write, use, remove, add, ...), a requirement (must) or a suggestion.
  const guidance = /did you mean|\b(write|use|remove|add|set|give|make|pick|list|rename|keep|move|put|quote|close|indent|split|check|start|describe|convert|replace|must|shorten)\b/;
  const invalid = join(FIXTURES, "invalid");
  for (const name of readdirSync(invalid).filter((f) => f.endsWith(".expected"))) {
    for (const line of readFileSync(join(invalid, name), "utf8").trimEnd().split("\n").filter((l) => / error /.test(l))) {
      expect(line, name).toMatch(DIAGNOSTIC_LINE);
      expect(line.replace(/^.*? error [a-z0-9-]+: /, ""), name).toMatch(guidance);
    }
  }
});
