// Real file-system faults for the CLI: a shell script runs in a private mount namespace
// (`unshare --mount`), mounts a small tmpfs over an empty folder, and runs cfggen there. The
// mounts exist only inside that namespace and disappear with it, whatever happens to the test.
// Needs root (or CAP_SYS_ADMIN), as in CI; without it the test fails and says so.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, tempDir } from "./fixtures.js";

export interface MountedRun {
  status: number;
  stdout: string;
  stderr: string;
  /** A copy of the mounted folder as cfggen left it. */
  after: string;
}

/**
 * Copies `site` onto a fresh tmpfs of `size`, runs `prepare` (shell, with $MNT the mount point),
 * then `cfggen ...args` with $MNT/topology.yaml as the topology, and copies what the mount holds
 * afterwards to a folder of the caller's: returned as `after`.
 */
export function cfggenOnTmpfs(site: string, size: string, prepare: string, args: string[]): MountedRun {
  const mount = tempDir("cfggen-mnt-");
  const out = tempDir("cfggen-mnt-out-");
  mkdirSync(join(out, "after"));
  const script = [
    "set -e",
    `mount -t tmpfs -o size=${size},mode=0755 cfggen-test "$MNT"`,
    'cp -a "$SITE/." "$MNT/"',
    prepare,
    "set +e",
    `"$NODE" "$CLI" ${args.map((a) => `'${a}'`).join(" ")} "$MNT/topology.yaml" >"$OUT/stdout" 2>"$OUT/stderr"`,
    'echo $? >"$OUT/status"',
    'rm -f "$MNT/filler"',
    'cp -a "$MNT/." "$OUT/after/"',
  ].join("\n");
  const result = spawnSync("unshare", ["--mount", "--propagation", "private", "sh", "-c", script], {
    env: { PATH: process.env.PATH, MNT: mount, SITE: site, OUT: out, NODE: process.execPath, CLI, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  const read = (name: string) => readFileSync(join(out, name), "utf8");
  if (result.status !== 0) throw new Error(`the private tmpfs could not be set up (root or CAP_SYS_ADMIN needed for unshare/mount): ${result.stderr}${result.error ?? ""}`);
  return { status: Number(read("status")), stdout: read("stdout"), stderr: read("stderr"), after: join(out, "after") };
}
