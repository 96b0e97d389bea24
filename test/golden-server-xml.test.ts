// Golden tests for patching existing server.xml files: fixtures/server-xml/NAME/topology.yaml with
// input/ (hand-written server.xml files; any serverXml the topology names that input/ lacks gets
// the stock server.xml of the installed Tomcat 10.1, read at test time and never committed),
// expected.diff (what `cfggen diff` shows) and expected/ (the patched hand-written files).
// Regenerate with `npm run golden:update` and review the diff.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { FIXTURES, readTree, runCli, tempDir } from "./support/fixtures.js";
import { changedLineNumbers, managedTagLines, STOCK_SERVER_XML } from "./support/server-xml.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const ROOT = join(FIXTURES, "server-xml");
const names = readdirSync(ROOT).sort();

interface Staged {
  dir: string;
  /** Every server.xml the topology names, path -> content before cfggen ran. */
  before: Map<string, string>;
  /** Those that came from input/ (committed) rather than from the installed package. */
  handWritten: string[];
}

function stage(name: string): Staged {
  const dir = tempDir();
  cpSync(join(ROOT, name, "topology.yaml"), join(dir, "topology.yaml"));
  const input = join(ROOT, name, "input");
  const handWritten = existsSync(input) ? [...readTree(input).keys()] : [];
  if (existsSync(input)) cpSync(input, dir, { recursive: true });
  const topology = parse(readFileSync(join(dir, "topology.yaml"), "utf8")) as { tomcats: { serverXml: string }[] };
  const before = new Map<string, string>();
  for (const { serverXml } of topology.tomcats) {
    if (!handWritten.includes(serverXml)) {
      mkdirSync(dirname(join(dir, serverXml)), { recursive: true });
      cpSync(STOCK_SERVER_XML, join(dir, serverXml));
    }
    before.set(serverXml, readFileSync(join(dir, serverXml), "utf8"));
  }
  return { dir, before, handWritten };
}

describe.each(names)("server.xml fixture %s", (name) => {
  it("diff shows exactly the expected changes", () => {
    const { dir } = stage(name);
    const result = runCli(["diff", "topology.yaml"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    const expectedFile = join(ROOT, name, "expected.diff");
    if (UPDATE) writeFileSync(expectedFile, result.stdout);
    expect(result.stdout).toBe(readFileSync(expectedFile, "utf8"));
  });

  it("render patches each server.xml as expected, changing only lines of the Server, Engine and connector tags", () => {
    const { dir, before, handWritten } = stage(name);
    const result = runCli(["render", "topology.yaml"], { cwd: dir });
    expect(result.stderr).not.toMatch(/error|warning/);
    expect(result.status).toBe(0);
    const expectedDir = join(ROOT, name, "expected");
    if (UPDATE) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const path of handWritten) {
        mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
        writeFileSync(join(expectedDir, path), readFileSync(join(dir, path)));
      }
    }
    for (const path of handWritten) expect(readFileSync(join(dir, path), "utf8"), path).toBe(readFileSync(join(expectedDir, path), "utf8"));
    for (const [path, original] of before) {
      const patched = readFileSync(join(dir, path), "utf8");
      expect(patched, path).not.toBe(original);
      const { removed, added } = changedLineNumbers(original, patched);
      const [oldManaged, newManaged] = [managedTagLines(original), managedTagLines(patched)];
      expect(removed.filter((line) => !oldManaged.has(line)), `${path}: removed lines outside managed tags`).toEqual([]);
      expect(added.filter((line) => !newManaged.has(line)), `${path}: added lines outside managed tags`).toEqual([]);
    }
  });

  it("is in sync right after render, and render then changes nothing", () => {
    const { dir } = stage(name);
    expect(runCli(["render", "topology.yaml"], { cwd: dir }).status).toBe(0);
    const after = readTree(dir);
    expect(runCli(["check", "topology.yaml"], { cwd: dir })).toMatchObject({ status: 0, stdout: "", stderr: "" });
    expect(runCli(["render", "topology.yaml"], { cwd: dir }).status).toBe(0);
    expect(readTree(dir)).toEqual(after);
  });
});
