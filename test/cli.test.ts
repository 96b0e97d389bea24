// The commands as a user runs them: exit codes, output streams, what is written and what is not.
import { chmodSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTree, runCli, stageFixture, tempDir } from "./support/fixtures.js";

const INCLUDE = "apache/cfggen-balancer.conf";

/** 1-based line of the nth line containing text. */
function lineOf(file: string, text: string, nth = 1): number {
  const lines = readFileSync(file, "utf8").split("\n");
  let seen = 0;
  const index = lines.findIndex((line) => line.includes(text) && ++seen === nth);
  if (index < 0) throw new Error(`${text} not in ${file}`);
  return index + 1;
}

describe("the 12cd round trip (render, check, hand edit, broken topology)", () => {
  it("render writes the include and both server.xml; check passes, then catches a one-character edit", () => {
    const topology = stageFixture("12cd");
    const dir = dirname(topology);
    const render = runCli(["render", topology]);
    expect(render.status).toBe(0);
    for (const path of [INCLUDE, "tomcat/web/conf/server.xml", "tomcat/db/conf/server.xml"]) expect(existsSync(join(dir, path)), path).toBe(true);

    expect(runCli(["check", topology])).toMatchObject({ status: 0, stdout: "", stderr: "" });

    const include = join(dir, INCLUDE);
    writeFileSync(include, readFileSync(include, "utf8").replace("route=webjack", "route=webjacK"));
    const drift = runCli(["check", topology]);
    expect(drift.status).toBe(1);
    expect(drift.stdout).toContain(`--- a/${INCLUDE}`);
    expect(drift.stdout).toMatch(/^-.*route=webjacK/m);
    expect(drift.stdout).toMatch(/^\+.*route=webjack/m);
    expect(drift.stderr).toContain(`to fix, run: cfggen render ${topology}`);
    expect(drift.stderr.trim().split("\n")).toHaveLength(1);

    writeFileSync(topology, readFileSync(topology, "utf8").replace("    jvmRoute: webjack\n", "    jvmRoute: [webjack\n"));
    const broken = runCli(["check", topology]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^${topology.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: error yaml-syntax: `, "m"));
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it("diff exits 0 when in sync and 1 with a unified diff when not", () => {
    const topology = stageFixture("12cd");
    const before = runCli(["diff", topology]);
    expect(before.status).toBe(1);
    expect(before.stdout).toContain("--- /dev/null");
    runCli(["render", topology]);
    expect(runCli(["diff", topology])).toMatchObject({ status: 0, stdout: "" });
  });

  it("check takes several topology files and reports drift in any", () => {
    const a = stageFixture("12cd");
    const b = stageFixture("manager");
    runCli(["render", a, b]);
    expect(runCli(["check", a, b]).status).toBe(0);
    const serverXml = join(dirname(b), "node1/server.xml");
    writeFileSync(serverXml, readFileSync(serverXml, "utf8").replace('jvmRoute="node1"', 'jvmRoute="nodeX"'));
    const result = runCli(["check", a, b]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("node1/server.xml");
    expect(result.stdout).not.toContain(INCLUDE);
  });
});

describe("render", () => {
  it("--dry-run lists what would change and writes nothing", () => {
    const topology = stageFixture("12cd");
    const result = runCli(["render", topology, "--dry-run"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`would write ${INCLUDE}`);
    expect([...readTree(dirname(topology)).keys()]).toEqual(["topology.yaml"]);
  });

  it("--out DIR writes every file there with manifest.json, and nothing beside the topology", () => {
    const topology = stageFixture("12cd");
    const out = tempDir();
    expect(runCli(["render", topology, "--out", out]).status).toBe(0);
    const files = readTree(out);
    const manifest = JSON.parse(files.get("manifest.json")!);
    expect(manifest.cfggen).toBe(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
    expect(manifest.topology.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.files.map((f: { path: string }) => f.path).sort()).toEqual([...files.keys()].filter((p) => p !== "manifest.json").sort());
    for (const entry of manifest.files) expect(entry.bytes).toBe(Buffer.byteLength(files.get(entry.path)!));
    expect([...readTree(dirname(topology)).keys()]).toEqual(["topology.yaml"]);
  });

  it("leaves an unchanged file alone (its mtime stays) and keeps a changed file's mode", () => {
    const topology = stageFixture("12cd");
    const dir = dirname(topology);
    runCli(["render", topology]);
    const include = join(dir, INCLUDE);
    const serverXml = join(dir, "tomcat/web/conf/server.xml");
    const old = new Date("2020-01-01T00:00:00Z");
    utimesSync(include, old, old);
    chmodSync(serverXml, 0o640);
    writeFileSync(serverXml, readFileSync(serverXml, "utf8").replace('port="8777"', 'port="9999"'));
    expect(runCli(["render", topology]).status).toBe(0);
    expect(statSync(include).mtime.getTime()).toBe(old.getTime());
    expect(readFileSync(serverXml, "utf8")).toContain('port="8777"');
    expect(statSync(serverXml).mode & 0o777).toBe(0o640);
  });

  it("refuses to overwrite an include without cfggen's marker unless --force", () => {
    const topology = stageFixture("12cd");
    const include = join(dirname(topology), INCLUDE);
    runCli(["render", topology]);
    writeFileSync(include, "# my own httpd.conf\nProxyPass / balancer://mine/\n");
    const refused = runCli(["render", topology]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/topology\.yaml:\d+:3: error include-not-generated: .*--force/);
    expect(readFileSync(include, "utf8")).toContain("my own httpd.conf");
    expect(runCli(["render", topology, "--force"]).status).toBe(0);
    expect(readFileSync(include, "utf8")).toContain("Code generated by cfggen");
  });

  it("writes nothing at all when one of several topologies is invalid", () => {
    const good = stageFixture("12cd");
    const bad = stageFixture("manager");
    writeFileSync(bad, readFileSync(bad, "utf8").replace("port: 8109", "port: 99999"));
    expect(runCli(["render", good, bad]).status).toBe(2);
    expect([...readTree(dirname(good)).keys()]).toEqual(["topology.yaml"]);
  });

  it("defaults to ./topology.yaml", () => {
    const topology = stageFixture("12cd");
    expect(runCli(["render"], { cwd: dirname(topology) }).status).toBe(0);
    expect(existsSync(join(dirname(topology), INCLUDE))).toBe(true);
  });

  it("writes a file that holds a literal secret with mode 0600, and never prints the secret", () => {
    const topology = stageFixture("12cd");
    const secret = "Literal_Secret_0123456789";
    writeFileSync(topology, readFileSync(topology, "utf8").replaceAll("secret: { env: AJP_SECRET }", `secret: ${secret}`));
    const render = runCli(["render", topology]);
    expect(render.status).toBe(0);
    expect(statSync(join(dirname(topology), INCLUDE)).mode & 0o777).toBe(0o600);
    const include = join(dirname(topology), INCLUDE);
    writeFileSync(include, readFileSync(include, "utf8").replace("route=webjack", "route=other"));
    const outputs = [render, runCli(["diff", topology]), runCli(["check", topology, "--format", "json"]), runCli(["validate", topology])];
    for (const output of outputs) expect(output.stdout + output.stderr).not.toContain(secret);
    expect(outputs[1]!.stdout).toContain("secret=********");
  });
});

describe("validate, schema and usage", () => {
  it("validate: 0 when valid, 2 with positioned diagnostics when not", () => {
    const topology = stageFixture("12cd");
    expect(runCli(["validate", topology])).toMatchObject({ status: 0, stderr: "" });
    // Two rule violations, reported together in file order.
    writeFileSync(topology, readFileSync(topology, "utf8").replace("jvmRoute: dbjack", "jvmRoute: webjack").replace("tomcat: db\n", "tomcat: dbx\n"));
    const result = runCli(["validate", topology]);
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`:${lineOf(topology, "jvmRoute: webjack", 2)}:5: error jvmroute-duplicate: `));
    expect(lines[1]).toMatch(new RegExp(`:${lineOf(topology, "tomcat: dbx")}:11: error member-unknown-tomcat: `));
  });

  it("--format json prints diagnostics as JSON on stdout", () => {
    const topology = stageFixture("12cd");
    writeFileSync(topology, readFileSync(topology, "utf8").replace("lbmethod: byrequests", "lbmethod: random"));
    const result = runCli(["validate", topology, "--format", "json"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("");
    const json = JSON.parse(result.stdout);
    expect(json.valid).toBe(false);
    expect(json.topologies[0].diagnostics[0]).toMatchObject({ code: "invalid-value", severity: "error", line: lineOf(topology, "lbmethod:"), col: 7 });
  });

  it("schema prints the committed JSON Schema", () => {
    const result = runCli(["schema"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(new URL("../schema/cfggen.schema.json", import.meta.url), "utf8")));
  });

  it("usage errors exit 2, not yargs' 1", () => {
    expect(runCli(["render", "--no-such-flag"]).status).toBe(2);
    expect(runCli([]).status).toBe(2);
    const unknown = runCli(["rendr"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/render/);
  });

  it("a missing or unreadable topology is one line naming the path, exit 2", () => {
    const result = runCli(["validate", "/nonexistent/topology.yaml"]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe("cfggen: /nonexistent/topology.yaml: no such file or directory");
  });
});
