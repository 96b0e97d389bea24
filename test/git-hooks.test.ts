// cfggen as a git pre-commit hook: through the real pre-commit framework (Debian's `pre-commit`,
// installed by scripts/install-test-deps.sh) using this checkout's .pre-commit-hooks.yaml, and
// as the plain shell hook husky runs.
//
// Network: pre-commit installs a `language: node` hook with `npm install`, `npm pack` and
// `npm install -g <tarball>`. This checkout's lockfile carries no tarball URLs and the global
// install has no lockfile at all, so npm asks the registry for package metadata that `npm ci`
// does not leave in its cache. The hook install therefore runs with `prefer-offline`: from
// npm's cache where it can, from the npm registry for the rest (once per PRE_COMMIT_HOME).
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, FIXTURES, ROOT, runCli, type CliResult } from "./support/fixtures.js";
import { copyCheckout, OFFLINE_NPM_ENV } from "./support/package.js";

const INCLUDE = "apache/cfggen-balancer.conf";

let work: string;
let gitEnv: NodeJS.ProcessEnv;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "cfggen-hooks-"));
  gitEnv = {
    ...process.env,
    // Neither the machine's nor the user's git settings (hooks, signing, templates) apply.
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "cfggen test",
    GIT_AUTHOR_EMAIL: "test@cfggen.invalid",
    GIT_COMMITTER_NAME: "cfggen test",
    GIT_COMMITTER_EMAIL: "test@cfggen.invalid",
    PRE_COMMIT_HOME: join(work, "pre-commit-home"),
    PRE_COMMIT_COLOR: "never",
    NO_COLOR: "1",
    FORCE_COLOR: undefined,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = gitEnv): CliResult {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function git(args: string[], cwd: string): CliResult {
  const result = run("git", args, cwd);
  expect(result.status, `git ${args.join(" ")}: ${result.stderr}`).toBe(0);
  return result;
}

function commit(site: string, message: string): CliResult & { output: string } {
  const result = run("git", ["commit", "-m", message], site);
  return { ...result, output: result.stdout + result.stderr };
}

const commitCount = (site: string) => Number(git(["rev-list", "--count", "--all"], site).stdout.trim() || 0);

/** A git repository holding the 12cd topology and the files rendered from it, nothing committed. */
function newSite(name: string): string {
  const site = join(work, name);
  mkdirSync(site);
  git(["init", "-q", "-b", "main"], site);
  cpSync(join(FIXTURES, "valid", "12cd", "topology.yaml"), join(site, "topology.yaml"));
  expect(runCli(["render"], { cwd: site }).status).toBe(0);
  return site;
}

function changeTopology(site: string): void {
  const file = join(site, "topology.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("loadFactor: 80", "loadFactor: 70"));
}

describe("the manifest .pre-commit-hooks.yaml", () => {
  const hooks = parse(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Array<Record<string, unknown>>;

  it("declares cfggen-check and the cfggen-render fixer as node hooks of the package's bin", () => {
    const bin = Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }).bin);
    expect(hooks.map((hook) => hook.id)).toEqual(["cfggen-check", "cfggen-render"]);
    for (const hook of hooks) {
      expect(hook).toMatchObject({ language: "node", pass_filenames: false, require_serial: true });
      for (const key of ["id", "name", "entry", "language"]) expect(hook[key], `${hook.id}.${key}`).toEqual(expect.any(String));
      expect(bin).toContain((hook.entry as string).split(" ")[0]);
    }
    expect(hooks[0]!.entry).toBe("cfggen check");
    expect(hooks[1]!.entry).toBe("cfggen render");
  });

  it("runs for a topology or a generated file, wherever it sits, and not for other files", () => {
    for (const hook of hooks) {
      const files = new RegExp(hook.files as string);
      for (const path of ["topology.yaml", "sites/shop/topology.yml", INCLUDE, "tomcat/web/conf/server.xml", "tomcat/web/conf/catalina.properties"]) {
        expect(files.test(path), `${hook.id}: ${path}`).toBe(true);
      }
      for (const path of ["README.md", "src/app.ts", "topology.yaml.bak"]) expect(files.test(path), `${hook.id}: ${path}`).toBe(false);
    }
  });
});

describe("with the pre-commit framework", () => {
  let hookRepo: string;
  let rev: string;

  beforeAll(() => {
    // pre-commit clones a hook repository at a commit: this checkout as it is now, committed.
    hookRepo = join(work, "cfggen-hook-repo");
    copyCheckout(hookRepo);
    git(["init", "-q", "-b", "main"], hookRepo);
    git(["add", "-A"], hookRepo);
    git(["commit", "-q", "-m", "cfggen as it is in the working tree"], hookRepo);
    rev = git(["rev-parse", "HEAD"], hookRepo).stdout.trim();
    expect(run("pre-commit", ["--version"], work).stdout).toMatch(/^pre-commit \d/);
  });

  function usePreCommit(site: string, hookIds: string[]): void {
    // The README's snippet, with this checkout in place of the GitHub URL and tag.
    const config = `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n${hookIds.map((id) => `      - id: ${id}\n`).join("")}`;
    writeFileSync(join(site, ".pre-commit-config.yaml"), config);
    const install = run("pre-commit", ["install"], site);
    expect(install.status, install.stderr).toBe(0);
  }

  it("cfggen-check: passes a commit in sync, rejects a topology change without re-rendering (with the diff), passes after cfggen render", () => {
    const site = newSite("check-site");
    usePreCommit(site, ["cfggen-check"]);

    git(["add", "-A"], site);
    const inSync = commit(site, "topology and its rendered files");
    expect(inSync.status, inSync.output).toBe(0);
    expect(inSync.output).toMatch(/cfggen check .*\.+Passed/);
    expect(commitCount(site)).toBe(1);

    changeTopology(site);
    git(["add", "topology.yaml"], site);
    const drift = commit(site, "change the load factor only");
    expect(drift.status).not.toBe(0);
    expect(drift.output).toMatch(/cfggen check .*\.+Failed/);
    expect(drift.output).toContain("- hook id: cfggen-check\n- exit code: 1");
    expect(drift.output).toContain(`--- a/${INCLUDE}\n+++ b/${INCLUDE}`);
    expect(drift.output).toMatch(/^-\s+BalancerMember "ajp:\/\/127\.0\.0\.1:8777" route=webjack loadfactor=80 /m);
    expect(drift.output).toMatch(/^\+\s+BalancerMember "ajp:\/\/127\.0\.0\.1:8777" route=webjack loadfactor=70 /m);
    expect(drift.output).toContain("to fix, run: cfggen render topology.yaml");
    expect(commitCount(site)).toBe(1);

    expect(runCli(["render"], { cwd: site }).status).toBe(0);
    git(["add", "-A"], site);
    const fixed = commit(site, "change the load factor, rendered");
    expect(fixed.status, fixed.output).toBe(0);
    expect(fixed.output).toMatch(/cfggen check .*\.+Passed/);
    expect(commitCount(site)).toBe(2);
    expect(git(["show", "HEAD:" + INCLUDE], site).stdout).toContain("loadfactor=70");
  }, 300_000);

  it("cfggen-render: re-renders, fails the commit so the new files can be staged, then passes", () => {
    const site = newSite("render-site");
    usePreCommit(site, ["cfggen-render"]);
    git(["add", "-A"], site);
    expect(commit(site, "in sync").status).toBe(0);

    changeTopology(site);
    git(["add", "topology.yaml"], site);
    const fixing = commit(site, "change the load factor only");
    expect(fixing.status).not.toBe(0);
    expect(fixing.output).toMatch(/cfggen render .*\.+Failed/);
    expect(fixing.output).toContain("- files were modified by this hook");
    expect(readFileSync(join(site, INCLUDE), "utf8")).toContain("loadfactor=70");
    expect(commitCount(site)).toBe(1);

    git(["add", "-A"], site);
    const staged = commit(site, "change the load factor, rendered by the hook");
    expect(staged.status, staged.output).toBe(0);
    expect(commitCount(site)).toBe(2);
  }, 300_000);
});

/** A site that is also an npm project with cfggen installed: its bin, linked as npm links it. */
function newProjectSite(name: string): string {
  const site = newSite(name);
  writeFileSync(join(site, "package.json"), '{ "name": "site", "private": true }\n');
  mkdirSync(join(site, "node_modules", ".bin"), { recursive: true });
  symlinkSync(CLI, join(site, "node_modules", ".bin", "cfggen"));
  writeFileSync(join(site, ".gitignore"), "node_modules/\n");
  return site;
}

/** Commit in sync, then a topology change alone (rejected), then the rendered files too (accepted). */
function expectDriftRejected(site: string, env: NodeJS.ProcessEnv): void {
  const commitWith = (message: string) => {
    const result = run("git", ["commit", "-m", message], site, env);
    return { ...result, output: result.stdout + result.stderr };
  };
  git(["add", "-A"], site);
  const inSync = commitWith("in sync");
  expect(inSync.status, inSync.output).toBe(0);
  changeTopology(site);
  git(["add", "topology.yaml"], site);
  const drift = commitWith("topology only");
  expect(drift.status).not.toBe(0);
  expect(drift.output).toMatch(/^\+\s+BalancerMember .*loadfactor=70/m);
  expect(drift.output).toContain("to fix, run: cfggen render topology.yaml");
  expect(commitCount(site)).toBe(1);
  expect(runCli(["render"], { cwd: site }).status).toBe(0);
  git(["add", "-A"], site);
  const fixed = commitWith("rendered");
  expect(fixed.status, fixed.output).toBe(0);
  expect(commitCount(site)).toBe(2);
}

describe("with the project's own cfggen (a devDependency), no hook install", () => {
  it("husky: `npx --no-install cfggen check` in .husky/pre-commit rejects drift and passes once rendered", () => {
    const site = newProjectSite("husky-site");
    // The README's .husky/pre-commit, run as husky 9 runs it: git calls .husky/_/pre-commit, which runs `sh -e .husky/pre-commit`.
    mkdirSync(join(site, ".husky", "_"), { recursive: true });
    writeFileSync(join(site, ".husky", "pre-commit"), "npx --no-install cfggen check\n");
    writeFileSync(join(site, ".husky", "_", "pre-commit"), '#!/bin/sh\nexec sh -e .husky/pre-commit "$@"\n');
    chmodSync(join(site, ".husky", "_", "pre-commit"), 0o755);
    git(["config", "core.hooksPath", ".husky/_"], site);
    expectDriftRejected(site, { ...gitEnv, ...OFFLINE_NPM_ENV });
  }, 120_000);

  it("pre-commit `repo: local` with `language: system`: the same, with nothing to install (works offline)", () => {
    const site = newProjectSite("local-hook-site");
    writeFileSync(
      join(site, ".pre-commit-config.yaml"),
      [
        "repos:",
        "  - repo: local",
        "    hooks:",
        "      - id: cfggen-check",
        "        name: cfggen check",
        "        entry: npx --no-install cfggen check",
        "        language: system",
        "        pass_filenames: false",
        "        files: '(^|/)topology\\.ya?ml$|\\.(conf|xml|properties)$'",
        "",
      ].join("\n"),
    );
    const env = { ...gitEnv, ...OFFLINE_NPM_ENV, PRE_COMMIT_HOME: join(work, "pre-commit-home-local") };
    const install = run("pre-commit", ["install"], site, env);
    expect(install.status, install.stderr).toBe(0);
    expectDriftRejected(site, env);
  }, 120_000);
});
