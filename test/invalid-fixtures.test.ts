// Every fixtures/invalid/NAME.yaml produces exactly the diagnostics in NAME.expected
// (regenerate with `npm run golden:update`), exits 2 and writes nothing.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { CODES } from "../src/validate/codes.js";
import { FIXTURES, ROOT, readTree, runCli, tempDir } from "./support/fixtures.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const INVALID = join(FIXTURES, "invalid");
const names = readdirSync(INVALID).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5)).sort();

describe.each(names)("invalid fixture %s", (name) => {
  it("reports exactly the expected diagnostics, exits 2 and writes nothing", () => {
    const dir = tempDir();
    copyFileSync(join(INVALID, `${name}.yaml`), join(dir, "topology.yaml"));
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    const expectedFile = join(INVALID, `${name}.expected`);
    if (UPDATE) writeFileSync(expectedFile, result.stderr);
    expect(result.stderr).toBe(readFileSync(expectedFile, "utf8"));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect([...readTree(dir).keys()]).toEqual(["topology.yaml"]);
  });

  it("names the file with a line and column on every error line", () => {
    const lines = readFileSync(join(INVALID, `${name}.expected`), "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^topology\.yaml:\d+:\d+: (error|warning) [a-z0-9-]+: \S/);
    expect(lines.some((l) => / error /.test(l))).toBe(true);
  });
});

it("has an invalid fixture for every topology error code, and reports no undocumented code", () => {
  const reported = new Set(names.flatMap((n) => [...readFileSync(join(INVALID, `${n}.expected`), "utf8").matchAll(/ (?:error|warning) ([a-z0-9-]+):/g)].map((m) => m[1]!)));
  // Codes about the file itself or the files on disk are covered by their own tests.
  const elsewhere = new Set(["file-too-large", "not-text", "include-not-generated", "catalina-properties-conflict", ...Object.keys(CODES).filter((c) => c.startsWith("server-xml-"))]);
  const errorCodes = Object.entries(CODES).filter(([code, c]) => c.severity === "error" && !elsewhere.has(code)).map(([code]) => code);
  expect(errorCodes.filter((code) => !reported.has(code))).toEqual([]);
  expect([...reported].filter((code) => !(code in CODES))).toEqual([]);
});

it("declares in CODES every code the source can emit", () => {
  const emitted = new Set<string>();
  for (const [path, text] of readTree(join(ROOT, "src"))) {
    if (path.endsWith("codes.ts")) continue;
    for (const m of text.matchAll(/(?:error|warning)\(\s*"([a-z0-9-]+)"/g)) emitted.add(m[1]!);
    for (const m of text.matchAll(/code: "([a-z0-9-]+)"/g)) emitted.add(m[1]!);
    if (!path.endsWith("model/parse.ts") && !path.endsWith("load/read.ts")) continue;
    // These two build codes from tables and conditionals: every kebab-case string outside imports counts.
    const code = text.split("\n").filter((line) => !line.startsWith("import ")).join("\n");
    for (const m of code.matchAll(/"([a-z0-9]+(?:-[a-z0-9]+)+)"/g)) emitted.add(m[1]!);
  }
  expect(emitted.size).toBeGreaterThan(30);
  expect([...emitted].filter((code) => !(code in CODES)).sort()).toEqual([]);
});
