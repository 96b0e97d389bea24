// CI: `render --out` writes the artifact with manifest.json, `--format github` turns diagnostics
// and drift into workflow annotations, and the workflow users copy (docs/github-workflow.yml)
// does what it says when its steps run as shell commands in a user's repository, with cfggen
// installed from this checkout's tarball by the workflow's own `npm ci` (offline).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, readTree, runCli, stageFixture, tempDir } from "./support/fixtures.js";
import { OFFLINE_NPM_ENV, packCheckout, writeProject, type PackedTarball } from "./support/package.js";

const INCLUDE = "apache/cfggen-balancer.conf";
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  if?: string;
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { "runs-on": string; env: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(ROOT, "docs", "github-workflow.yml"), "utf8")) as Workflow;
const [job] = Object.values(workflow.jobs);

describe("render --out and --format github", () => {
  it("--out writes the artifact: every file, and a manifest whose sizes and hashes match them", () => {
    const topology = stageFixture("12cd");
    const out = join(tempDir(), "artifact");
    const result = runCli(["render", topology, "--out", out]);
    expect(result.status, result.stderr).toBe(0);
    const files = readTree(out);
    const manifest = JSON.parse(files.get("manifest.json")!) as { cfggen: string; topology: { sha256: string }; files: Array<{ path: string; bytes: number; sha256: string }> };
    expect(manifest.topology.sha256).toBe(sha256(readFileSync(topology)));
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...files.keys()].filter((p) => p !== "manifest.json").sort());
    for (const entry of manifest.files) {
      expect(entry.bytes, entry.path).toBe(Buffer.byteLength(files.get(entry.path)!));
      expect(entry.sha256, entry.path).toBe(sha256(files.get(entry.path)!));
    }
    const expected = readTree(join(FIXTURES, "valid", "12cd", "expected"));
    for (const [path, content] of expected) expect(files.get(path), path).toBe(content);
  });

  it("validate --format github: one workflow annotation per diagnostic on stdout, warnings too, secrets masked", () => {
    const topology = stageFixture("12cd");
    const secret = "Literal_Secret_0123456789";
    const source = readFileSync(topology, "utf8").replaceAll("secret: { env: AJP_SECRET }", `secret: ${secret}`);
    writeFileSync(topology, source);
    const warned = runCli(["validate", topology, "--format", "github"]);
    expect(warned.status).toBe(0);
    const line = source.split("\n").findIndex((l) => l.includes(secret)) + 1;
    expect(warned.stdout).toMatch(new RegExp(`^::warning file=${topology.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")},line=${line},col=\\d+,title=cfggen [a-z-]+::.+$`, "m"));
    expect(warned.stdout + warned.stderr).not.toContain(secret);

    writeFileSync(topology, source.replace("loadFactor: 80", "loadFactor: 800"));
    const failed = runCli(["validate", topology, "--format", "github"]);
    expect(failed.status).toBe(2);
    expect(failed.stdout).toMatch(/^::error file=[^,]+,line=\d+,col=\d+,title=cfggen loadfactor-range::`loadFactor` 800 is not valid/m);
  });

  it("check --format github: each drifted file gets an error annotation, besides the diff", () => {
    const topology = stageFixture("12cd");
    const site = join(topology, "..");
    expect(runCli(["render"], { cwd: site }).status).toBe(0);
    writeFileSync(topology, readFileSync(topology, "utf8").replace("loadFactor: 80", "loadFactor: 70"));
    const result = runCli(["check", "--format", "github"], { cwd: site });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error file=${INCLUDE},title=cfggen drift::out of date with topology.yaml; to fix, run: cfggen render topology.yaml\n`);
    expect(result.stdout).toContain("+    BalancerMember \"ajp://127.0.0.1:8777\" route=webjack loadfactor=70");
    expect(result.stdout.match(/^::error /gm)).toHaveLength(1);
  });
});

describe("docs/github-workflow.yml", () => {
  let packed: PackedTarball;
  let work: string;

  beforeAll(() => {
    packed = packCheckout();
    work = mkdtempSync(join(tmpdir(), "cfggen-ci-"));
  }, 240_000);

  afterAll(() => {
    packed?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("is one job on push and pull requests: checkout, setup-node, npm ci, validate, render, upload, check", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(job!["runs-on"]).toBe("ubuntu-latest");
    const summary = job!.steps.map((step) => step.uses?.replace(/@.*/, "") ?? step.run!.split(" ").slice(0, 4).join(" "));
    expect(summary).toEqual([
      "actions/checkout",
      "actions/setup-node",
      "npm ci",
      "npx --no-install cfggen validate",
      "npx --no-install cfggen render",
      "actions/upload-artifact",
      "npx --no-install cfggen check",
    ]);
    for (const step of job!.steps) expect(step.if, "no step needs a condition").toBeUndefined();
  });

  /** A user's repository: cfggen as a devDependency (this checkout's tarball), the 12cd topology and its rendered files. */
  function userRepository(name: string): string {
    const repo = join(work, name);
    mkdirSync(repo);
    cpSync(join(FIXTURES, "valid", "12cd", "topology.yaml"), join(repo, "topology.yaml"));
    writeProject(repo, packed.tarball, "devDependencies");
    expect(runCli(["render"], { cwd: repo }).status).toBe(0);
    return repo;
  }

  interface StepResult {
    step: string;
    status: number;
    stdout: string;
    stderr: string;
    uploaded?: Map<string, string>;
  }

  /** Runs the job's steps in order as GitHub would, stopping after the first that fails. */
  function runWorkflow(repo: string): StepResult[] {
    const env = job!.env;
    const expand = (text: string) => text.replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => env[name] ?? "");
    const results: StepResult[] = [];
    for (const step of job!.steps) {
      const label = step.name ?? step.uses ?? step.run!;
      if (step.uses?.startsWith("actions/upload-artifact@")) {
        // What upload-artifact would upload: the folder must exist and hold the render.
        const path = join(repo, expand(step.with!.path!));
        results.push({ step: label, status: existsSync(path) ? 0 : 1, stdout: "", stderr: "", uploaded: existsSync(path) ? readTree(path) : undefined });
      } else if (step.uses) {
        // checkout and setup-node: the repository is here and so is Node.
        results.push({ step: label, status: 0, stdout: "", stderr: "" });
      } else {
        // GitHub's own shell for `run` on Linux: bash --noprofile --norc -eo pipefail.
        const shell = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], {
          cwd: repo,
          env: { ...process.env, ...OFFLINE_NPM_ENV, ...env, GITHUB_ACTIONS: "true", CI: "true", NO_COLOR: undefined, FORCE_COLOR: undefined },
          encoding: "utf8",
          timeout: 180_000,
        });
        results.push({ step: label, status: shell.status ?? -1, stdout: shell.stdout, stderr: shell.stderr });
      }
      if (results.at(-1)!.status !== 0) break;
    }
    return results;
  }

  it("in sync: every step passes and the uploaded artifact is the committed files plus a manifest", () => {
    const repo = userRepository("in-sync");
    const results = runWorkflow(repo);
    expect(results.map((r) => [r.step, r.status])).toEqual(job!.steps.map((s) => [s.name ?? s.uses, 0]));
    const uploaded = results.find((r) => r.uploaded)!.uploaded!;
    const manifest = JSON.parse(uploaded.get("manifest.json")!) as { cfggen: string; files: Array<{ path: string; sha256: string }> };
    expect(manifest.cfggen).toBe(packed.version);
    for (const entry of manifest.files) {
      expect(uploaded.get(entry.path), entry.path).toBe(readFileSync(join(repo, entry.path), "utf8"));
      expect(sha256(uploaded.get(entry.path)!)).toBe(entry.sha256);
    }
    expect(manifest.files.map((f) => f.path)).toContain(INCLUDE);
    expect(results.map((r) => r.stdout).join("")).not.toContain("::error");
  }, 180_000);

  it("drift: validate, render and upload pass, the last step fails with the diff and an annotation", () => {
    const repo = userRepository("drift");
    const topology = join(repo, "topology.yaml");
    writeFileSync(topology, readFileSync(topology, "utf8").replace("loadFactor: 80", "loadFactor: 70"));
    const results = runWorkflow(repo);
    expect(results.map((r) => r.status)).toEqual([0, 0, 0, 0, 0, 0, 1]);
    const check = results.at(-1)!;
    expect(check.stdout).toContain(`::error file=${INCLUDE},title=cfggen drift::`);
    expect(check.stdout).toMatch(/^\+\s+BalancerMember .*loadfactor=70/m);
    expect(check.stderr).toContain("to fix, run: cfggen render topology.yaml");
    // The artifact is what the topology now says, for review before anyone re-renders.
    expect(results.find((r) => r.uploaded)!.uploaded!.get(INCLUDE)).toContain("loadfactor=70");
  }, 180_000);

  it("an invalid topology: validate fails with an annotation on the line at fault, and nothing is rendered", () => {
    const repo = userRepository("invalid");
    const topology = join(repo, "topology.yaml");
    const source = readFileSync(topology, "utf8").replace("loadFactor: 80", "loadFactor: 800");
    writeFileSync(topology, source);
    const results = runWorkflow(repo);
    expect(results.map((r) => r.status)).toEqual([0, 0, 0, 2]);
    const line = source.split("\n").findIndex((l) => l.includes("loadFactor: 800")) + 1;
    expect(results.at(-1)!.stdout).toMatch(new RegExp(`^::error file=topology\\.yaml,line=${line},col=\\d+,title=cfggen loadfactor-range::`, "m"));
    expect(existsSync(join(repo, job!.env.ARTIFACT!))).toBe(false);
  }, 180_000);
});
