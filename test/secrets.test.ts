// Issue 5, secrets: `{ env: NAME }` never resolves into a generated file; a literal secret is
// never printed (diffs, diagnostics, JSON, GitHub annotations, error messages), in any of the
// situations below, whatever the command and format; and a file that holds a literal secret is
// written 0600 (or keeps a stricter mode). Every output stream of every run is searched.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { readTree, runCli, tempDir, type CliResult } from "./support/fixtures.js";
import { richTopology, setAt, type Json } from "./support/rich-topology.js";

const LITERAL = "Literal_Secret_0123456789"; // db's secret in the rich topology
const CHANGED = "Changed_Secret_9876543210";
const ENV_VALUE = "Env_Value_Never_Written_42";
const ENV = { AJP_SECRET: ENV_VALUE };
const FORMATS = [[], ["--format", "json"], ["--format", "github"]];
const INCLUDE = "apache/cfggen-balancer.conf";
const DB_SERVER_XML = "tomcat/db/conf/server.xml";
const WEB_SERVER_XML = "tomcat/web/conf/server.xml";

function site(data: Json = richTopology()): { dir: string; topology: string } {
  const dir = tempDir("cfggen-secrets-");
  const topology = join(dir, "topology.yaml");
  writeFileSync(topology, stringify(data));
  return { dir, topology };
}

function withTopology(topology: string, change: (data: { [key: string]: Json }) => void): void {
  const data = richTopology();
  change(data);
  writeFileSync(topology, stringify(data));
}

/** Runs the CLI and checks that no secret, old or new, literal or from the environment, is in any stream. */
function run(args: string[], secrets: readonly string[] = [LITERAL, CHANGED, ENV_VALUE]): CliResult {
  const result = runCli(args, { env: ENV });
  for (const secret of secrets) {
    expect(result.stdout, `${args.join(" ")}: stdout`).not.toContain(secret);
    expect(result.stderr, `${args.join(" ")}: stderr`).not.toContain(secret);
  }
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe("secrets by reference", () => {
  it("never resolve into generated files, --out artifacts or manifest.json, though the variable is set", () => {
    const { dir, topology } = site();
    expect(run(["render", topology]).status).toBe(0);
    const out = tempDir("cfggen-secrets-out-");
    expect(run(["render", topology, "--out", out]).status).toBe(0);
    for (const tree of [readTree(dir), readTree(out)]) {
      for (const [path, text] of tree) expect(text, path).not.toContain(ENV_VALUE);
    }
    expect(readFileSync(join(dir, INCLUDE), "utf8")).toContain("secret=${AJP_SECRET}");
    expect(readFileSync(join(dir, WEB_SERVER_XML), "utf8")).toContain('secret="${AJP_SECRET:-}"');
  });
});

describe("a literal secret", () => {
  it("is never printed by render, validate, diff or check, in any format, in sync or drifted", () => {
    const { dir, topology } = site();
    expect(run(["render", topology, "--dry-run", "--format", "json"]).status).toBe(0);
    expect(run(["render", topology, "--format", "github"]).status).toBe(0);
    for (const format of FORMATS) expect(run(["validate", topology, ...format]).status).toBe(0);
    // A hand edit next to the secret: the diff shows the changed lines around it.
    const include = join(dir, INCLUDE);
    writeFileSync(include, readFileSync(include, "utf8").replace("route=dbRoute", "route=dbRouteX"));
    for (const format of FORMATS) {
      const diff = run(["diff", topology, ...format]);
      expect(diff.status).toBe(1);
      expect(diff.stdout + diff.stderr).toMatch(/secret=\*{8}/);
    }
    expect(run(["check", topology, "--format", "github"]).status).toBe(1);
  });

  it("that was changed, or moved to the environment, is not printed from the old files either", () => {
    const { topology } = site();
    expect(run(["render", topology]).status).toBe(0);
    withTopology(topology, (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], CHANGED));
    for (const format of FORMATS) {
      const diff = run(["diff", topology, ...format]);
      expect(diff.status).toBe(1);
      expect(diff.stdout).toContain("secret=********");
    }
    expect(run(["check", topology]).status).toBe(1);
    withTopology(topology, (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], { env: "DB_SECRET" }));
    expect(run(["diff", topology]).stdout).toMatch(/^-.*secret=\*{8}/m);
  });

  it("is not printed when the topology is invalid elsewhere, or the secret itself is invalid", () => {
    const cases: [string, (data: { [key: string]: Json }) => void][] = [
      ["another error", (data) => setAt(data, ["apache", "balancers", 0, "lbmethod"], "random")],
      ["an unknown key beside it", (data) => setAt(data, ["tomcats", 1, "ajp", "secrett"], LITERAL)],
      ["a # in it", (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], `${LITERAL}#x`)],
      ["too long", (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], LITERAL.repeat(3))],
      ["a newline in it", (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], `${LITERAL}\nx`)],
      ["${ in it", (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], `${LITERAL}\${x}`)],
      ["under a wrong key of the reference", (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], { env: "DB_SECRET", value: LITERAL })],
      ["as the name of the variable", (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], { env: `${LITERAL}-not-a-name` })],
    ];
    for (const [i, [what, change]] of cases.entries()) {
      const { topology } = site();
      withTopology(topology, change);
      expect(run(["validate", topology]).status, what).toBe(2);
      expect(run(["render", topology, ...FORMATS[1 + (i % 2)]!]).status, what).toBe(2);
    }
  });

  it("written as a number is not printed", () => {
    const { topology } = site();
    const number = "98765432109876543";
    writeFileSync(topology, stringify(richTopology()).replace(LITERAL, number));
    for (const format of FORMATS) expect(run(["validate", topology, ...format], [number, ENV_VALUE]).status).toBe(2);
  });

  it("is not printed with an I/O error", () => {
    const { dir, topology } = site();
    mkdirSync(join(dir, INCLUDE), { recursive: true });
    for (const format of FORMATS) {
      const result = run(["render", topology, ...format]);
      expect(result.status).toBe(2);
      expect(result.stdout + result.stderr).toContain("cfggen-balancer.conf");
    }
  });
});

describe("a generated file that holds a literal secret", () => {
  it("is written 0600; one that holds none keeps the usual 0644", () => {
    const { dir, topology } = site();
    expect(run(["render", topology]).status).toBe(0);
    expect(mode(join(dir, INCLUDE))).toBe(0o600);
    expect(mode(join(dir, DB_SERVER_XML))).toBe(0o600);
    expect(mode(join(dir, WEB_SERVER_XML))).toBe(0o644);
    const out = tempDir("cfggen-secrets-out-");
    expect(run(["render", topology, "--out", out]).status).toBe(0);
    expect(mode(join(out, INCLUDE))).toBe(0o600);
    expect(mode(join(out, DB_SERVER_XML))).toBe(0o600);
    expect(mode(join(out, "manifest.json"))).toBe(0o644);
  });

  it("that existed with a looser mode becomes 0600; one with a stricter mode keeps it", () => {
    const { dir, topology } = site();
    expect(run(["render", topology]).status).toBe(0);
    chmodSync(join(dir, INCLUDE), 0o644);
    chmodSync(join(dir, DB_SERVER_XML), 0o400);
    withTopology(topology, (data) => setAt(data, ["tomcats", 1, "ajp", "secret"], CHANGED));
    expect(run(["render", topology]).status).toBe(0);
    expect(readFileSync(join(dir, INCLUDE), "utf8")).toContain(CHANGED);
    expect(readFileSync(join(dir, DB_SERVER_XML), "utf8")).toContain(CHANGED);
    expect(mode(join(dir, INCLUDE))).toBe(0o600);
    expect(mode(join(dir, DB_SERVER_XML))).toBe(0o400);
  });
});
