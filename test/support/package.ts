// Packs cfggen as `npm publish` would, and installs the tarball into fresh projects without
// the network. Both work on a copy of this checkout, so a test never rebuilds the dist/ that
// other tests are running.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { ROOT, type CliResult } from "./fixtures.js";

/**
 * npm that cannot reach any registry: `offline` serves only from npm's cache, and a registry
 * on a closed port makes any request that slipped through fail instead of downloading.
 */
export const OFFLINE_NPM_ENV: NodeJS.ProcessEnv = {
  npm_config_offline: "true",
  npm_config_registry: "http://127.0.0.1:9/",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** The files of this checkout as git sees them: tracked or new, never ignored (node_modules, dist). */
export function checkoutFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" });
  return [...new Set(listed.split("\0").filter(Boolean))].filter((file) => existsSync(join(ROOT, file))).sort();
}

export function copyCheckout(destination: string): void {
  for (const file of checkoutFiles()) {
    mkdirSync(dirname(join(destination, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(destination, file));
  }
}

export interface PackedTarball {
  /** Absolute path of cfggen-VERSION.tgz. */
  tarball: string;
  version: string;
  /** Paths inside the package, as `tar` lists them (without the leading package/). */
  files: string[];
  /** Removes the tarball and the copy it was built from. */
  remove(): void;
}

/** `npm pack` on a copy of the checkout: `prepare` builds dist/ there from source, as on publish. */
export function packCheckout(): PackedTarball {
  const work = mkdtempSync(join(tmpdir(), "cfggen-pack-"));
  const source = join(work, "source");
  copyCheckout(source);
  // The build needs TypeScript; the copy borrows this checkout's installed dependencies.
  symlinkSync(join(ROOT, "node_modules"), join(source, "node_modules"), "dir");
  mkdirSync(join(work, "out"));
  const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", join(work, "out")], {
    cwd: source,
    env: { ...process.env, ...OFFLINE_NPM_ENV },
    encoding: "utf8",
    timeout: 180_000,
  });
  if (packed.status !== 0) throw new Error(`npm pack failed (${packed.status}):\n${packed.stdout}\n${packed.stderr}`);
  const [{ filename, version }] = JSON.parse(packed.stdout) as [{ filename: string; version: string }];
  const tarball = join(work, "out", filename);
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ""))
    .sort();
  return { tarball, version, files, remove: () => rmSync(work, { recursive: true, force: true }) };
}

interface LockEntry {
  version: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  [key: string]: unknown;
}

/**
 * A project that depends on the tarball, with the package-lock.json `npm install <tarball>`
 * would write: cfggen's runtime dependencies at the versions this checkout's lockfile pins.
 * With every version, tarball URL and integrity written down, npm needs no registry metadata,
 * only the tarballs, which `npm ci` for this checkout has put in npm's cache (even on a
 * fresh CI machine, where the cache holds tarballs but not the registry's package lists).
 */
export function writeProject(project: string, tarball: string, kind: "dependencies" | "devDependencies" = "dependencies"): void {
  const local = `file:${basename(tarball)}`;
  copyFileSync(tarball, join(project, basename(tarball)));
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as LockEntry & { name: string; bin: unknown; engines: unknown; license: string };
  const repoLock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {
    "": { name: "cfggen-user", version: "1.0.0", [kind]: { cfggen: local } } as unknown as LockEntry,
    "node_modules/cfggen": {
      version: manifest.version,
      resolved: local,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
      ...(kind === "devDependencies" ? { dev: true } : {}),
    },
  };
  for (const [path, entry] of runtimeClosure(manifest, repoLock.packages)) {
    const { dev: _dev, devOptional: _devOptional, optional: _optional, ...rest } = entry.lock;
    packages[path] = { ...rest, resolved: rest.resolved ?? registryTarballUrl(path, rest.version), ...(entry.optional ? { optional: true } : {}), ...(kind === "devDependencies" ? { dev: true } : {}) };
  }
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "cfggen-user", version: "1.0.0", private: true, [kind]: { cfggen: local } }, null, 2)}\n`);
  writeFileSync(join(project, "package-lock.json"), `${JSON.stringify({ name: "cfggen-user", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

/** `npm ci` in a project made by writeProject, with no registry at all. */
export function npmCiOffline(project: string): CliResult {
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: project, env: { ...process.env, ...OFFLINE_NPM_ENV }, encoding: "utf8", timeout: 180_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Where npm's registry keeps a version's tarball (a lockfile written with omit-lockfile-registry-resolved leaves it out). */
function registryTarballUrl(lockPath: string, version: string): string {
  const name = lockPath.slice(lockPath.lastIndexOf("node_modules/") + "node_modules/".length);
  return `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${version}.tgz`;
}

/**
 * The lockfile entries cfggen needs at run time, found the way Node resolves a require: from
 * the requiring package's folder up. An entry reached only through optional dependencies stays
 * optional.
 */
function runtimeClosure(manifest: LockEntry, lock: Record<string, LockEntry>): Map<string, { lock: LockEntry; optional: boolean }> {
  const found = new Map<string, { lock: LockEntry; optional: boolean }>();
  const queue: Array<[string, string, boolean]> = [];
  const enqueue = (from: string, entry: LockEntry, optional: boolean) => {
    for (const name of Object.keys(entry.dependencies ?? {})) queue.push([from, name, optional]);
    for (const name of Object.keys(entry.optionalDependencies ?? {})) queue.push([from, name, true]);
    for (const name of Object.keys(entry.peerDependencies ?? {})) if (!entry.peerDependenciesMeta?.[name]?.optional) queue.push([from, name, optional]);
  };
  enqueue("", manifest, false);
  while (queue.length > 0) {
    const [from, name, optional] = queue.shift()!;
    const path = resolveInLock(lock, from, name);
    if (!path) {
      if (optional) continue;
      throw new Error(`package-lock.json has no ${name} for ${from || "cfggen"}: run npm install`);
    }
    const seen = found.get(path);
    if (seen && (optional || !seen.optional)) continue;
    found.set(path, { lock: lock[path]!, optional });
    enqueue(path, lock[path]!, optional);
  }
  return found;
}

function resolveInLock(lock: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent < 0 ? "" : base.slice(0, parent);
  }
}
