// Golden tests: fixtures/valid/NAME/topology.yaml renders exactly to fixtures/valid/NAME/expected/.
// Regenerate with `npm run golden:update` and review the diff.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, fixtureNames, readTree, runCli, stageFixture } from "./support/fixtures.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";

describe.each(fixtureNames("valid"))("fixture %s", (name) => {
  it("renders byte for byte the expected files", () => {
    const topology = stageFixture(name);
    const result = runCli(["render", topology]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.status).toBe(0);
    const rendered = readTree(dirname(topology));
    rendered.delete("topology.yaml");
    const expectedDir = join(FIXTURES, "valid", name, "expected");
    if (UPDATE) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [path, content] of rendered) {
        mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
        writeFileSync(join(expectedDir, path), content);
      }
    }
    const expected = readTree(expectedDir);
    expect([...rendered.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected) expect(rendered.get(path), path).toBe(content);
  });

  it("is in sync right after render, and render then changes nothing", () => {
    const topology = stageFixture(name);
    expect(runCli(["render", topology]).status).toBe(0);
    const before = readTree(dirname(topology));
    const check = runCli(["check", topology]);
    expect(check).toMatchObject({ status: 0, stdout: "" });
    expect(runCli(["render", topology]).status).toBe(0);
    expect(readTree(dirname(topology))).toEqual(before);
  });

  it("renders output that is LF-only, ends with a newline and holds no timestamp", () => {
    const topology = stageFixture(name);
    runCli(["render", topology]);
    for (const [path, content] of readTree(dirname(topology))) {
      if (path === "topology.yaml") continue;
      expect(content, path).not.toContain("\r");
      expect(content.endsWith("\n"), path).toBe(true);
      expect(content, path).not.toMatch(/20\d\d-\d\d-\d\d/);
    }
  });
});
