// The npm package: `npm pack` ships the built code, templates and schema and nothing else of
// weight, and the tarball installs into an empty folder and works there with no network.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, readTree, type CliResult } from "./support/fixtures.js";
import { npmCiOffline, OFFLINE_NPM_ENV, packCheckout, writeProject, type PackedTarball } from "./support/package.js";

const repoVersion = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Every file below a folder of the checkout, relative to the checkout. */
function checkoutTree(folder: string, extension: string): string[] {
  return (readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
}

let packed: PackedTarball;
let project: string;

beforeAll(() => {
  packed = packCheckout();
  project = mkdtempSync(join(tmpdir(), "cfggen-user-"));
}, 240_000);

afterAll(() => {
  packed?.remove();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("names the tarball after the package version", () => {
    expect(packed.version).toBe(repoVersion);
    expect(packed.tarball).toMatch(new RegExp(`cfggen-${repoVersion.replace(/\./g, "\\.")}\\.tgz$`));
  });

  // The build bundles the code and its dependencies (scripts/bundle.mjs): the package ships the
  // bundle's modules, the licences of what they include, and no dependencies.
  it("holds the bundle, the licences of the code in it, the templates, the schema and the bin", () => {
    const expected = ["bin/cfggen.js", "package.json", "schema/cfggen.schema.json", "dist/bundle/main.js", "dist/bundle/THIRD-PARTY-LICENSES.txt", ...checkoutTree("templates", ".hbs")];
    for (const file of expected) expect(packed.files, file).toContain(file);
  });

  it("holds nothing else: no sources, tests, fixtures, source maps or unbundled build output", () => {
    // npm always adds a README and a LICENSE when they exist.
    const extra = packed.files.filter((file) => !/^(package\.json|README\.md|LICENSE|bin\/cfggen\.js|schema\/cfggen\.schema\.json|templates\/.+\.hbs|dist\/bundle\/([\w-]+\.c?js|THIRD-PARTY-LICENSES\.txt))$/.test(file));
    expect(extra).toEqual([]);
  });

  it("weighs little: under 256 kB packed, with no dependencies to install", () => {
    const bytes = readFileSync(packed.tarball).byteLength;
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(256 * 1024);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies ?? {}).toEqual({});
  });
});

describe("the tarball installed into an empty folder, offline", () => {
  const npx = (args: string[], cwd: string): CliResult => {
    const result = spawnSync("npx", args, { cwd, env: { ...process.env, ...OFFLINE_NPM_ENV, NO_COLOR: "1" }, encoding: "utf8", timeout: 60_000 });
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(() => {
    expect(readdirSync(project)).toEqual([]);
    writeProject(project, packed.tarball);
    const install = npmCiOffline(project);
    expect(install.status, install.stderr).toBe(0);
  }, 240_000);

  it("installs cfggen alone: the bundle needs no dependencies", () => {
    const installed = readdirSync(join(project, "node_modules"));
    expect(installed).toContain("cfggen");
    for (const dev of ["typescript", "vitest", "ajv", "fast-check"]) expect(installed).not.toContain(dev);
    expect(installed.filter((name) => !name.startsWith("."))).toEqual(["cfggen"]);
  });

  it("`npx cfggen --help` lists the commands; `--version` prints the package version", () => {
    const help = npx(["cfggen", "--help"], project);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Commands:\n\s+cfggen render/);
    expect(npx(["cfggen", "--version"], project)).toMatchObject({ status: 0, stdout: `${repoVersion}\n` });
  }, 120_000);

  it("`npx cfggen render` renders the 12cd example byte for byte as the golden files, then check passes", () => {
    const site = join(project, "site");
    mkdirSync(site);
    cpSync(join(FIXTURES, "valid", "12cd", "topology.yaml"), join(site, "topology.yaml"));
    const render = npx(["cfggen", "render"], site);
    expect(render.status, render.stderr).toBe(0);
    const rendered = readTree(site);
    rendered.delete("topology.yaml");
    expect(rendered).toEqual(readTree(join(FIXTURES, "valid", "12cd", "expected")));
    expect(npx(["cfggen", "check"], site)).toMatchObject({ status: 0, stdout: "", stderr: "" });
  }, 120_000);

  it("ships the schema at node_modules/cfggen/schema/cfggen.schema.json, the same as `cfggen schema`", () => {
    const schema = npx(["cfggen", "schema"], project);
    expect(schema.status).toBe(0);
    expect(readFileSync(join(project, "node_modules", "cfggen", "schema", "cfggen.schema.json"), "utf8")).toBe(schema.stdout);
  }, 120_000);
});
