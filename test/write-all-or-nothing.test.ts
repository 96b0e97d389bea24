// src/output/write.ts on its own, with faults injected into node:fs at chosen calls: a full disk
// while the third file is staged, a rename that fails on the third file, a file system that
// refuses hard links. Whatever fails, every target keeps its old content (or stays absent), and
// no temporary file, backup or folder made by the write is left behind.
import * as realFs from "node:fs";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IoError } from "../src/errors.js";
import { writeAllOrNothing, type FileToWrite } from "../src/output/write.js";
import { readTree, tempDir } from "./support/fixtures.js";

type FsFunction = "writeSync" | "renameSync" | "linkSync";

/**
 * Which call of which function fails, and how (set by a test, cleared after it): it throws
 * `code`, or, for writeSync with `short`, writes half of what it is given, as write(2) does on
 * a disk with room for part of a file, and throws `code` on the next call.
 */
const faults = new Map<FsFunction, { failOnCall: number; code: string; short?: boolean; calls: number }>();

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const faulty =
    <F extends (...args: never[]) => unknown>(name: FsFunction, original: F) =>
    (...args: Parameters<F>) => {
      const fault = faults.get(name);
      const call = fault ? ++fault.calls : 0;
      if (fault?.short && call === fault.failOnCall) return shortWrite(fs, args as unknown as Parameters<typeof fs.writeSync>);
      if (fault && call === fault.failOnCall + (fault.short ? 1 : 0)) throw Object.assign(new Error(`${fault.code}: injected into ${name}`), { code: fault.code });
      return original(...args);
    };
  return { ...fs, writeSync: faulty("writeSync", fs.writeSync), renameSync: faulty("renameSync", fs.renameSync), linkSync: faulty("linkSync", fs.linkSync) };
});

/** writeSync(fd, text or bytes[, offset, length]) that writes only the first half. */
function shortWrite(fs: typeof realFs, [fd, data, offset, length]: Parameters<typeof realFs.writeSync>): number {
  const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from((data as Uint8Array).subarray((offset as number | undefined) ?? 0, ((offset as number | undefined) ?? 0) + ((length as number | undefined) ?? (data as Uint8Array).length)));
  return fs.writeSync(fd, bytes, 0, Math.max(1, Math.floor(bytes.length / 2)));
}

afterEach(() => faults.clear());

function failOn(name: FsFunction, call: number, code: string, short = false): void {
  faults.set(name, { failOnCall: call, code, short, calls: 0 });
}

/** Five targets: three that exist (old content, mode 0640) and two new ones, the second in a folder that does not exist yet. */
function site(): { dir: string; files: FileToWrite[]; before: Map<string, string> } {
  const dir = tempDir("cfggen-write-");
  mkdirSync(join(dir, "a"));
  for (const name of ["a/one.conf", "a/three.xml", "a/four.xml"]) {
    writeFileSync(join(dir, name), `old ${name}\n`);
    realFs.chmodSync(join(dir, name), 0o640);
  }
  const files = ["a/one.conf", "new/deeper/two.xml", "a/three.xml", "a/four.xml", "a/five.xml"].map((name) => ({ absolutePath: join(dir, name), content: `new ${name}\n`, mode: 0o600 }));
  return { dir, files, before: readTree(dir) };
}

function leftovers(dir: string): string[] {
  return [...readTree(dir).keys()].filter((path) => path.split("/").pop()!.startsWith(".cfggen"));
}

function expectUntouched(dir: string, before: Map<string, string>): void {
  expect(readTree(dir)).toEqual(before);
  expect(existsSync(join(dir, "new")), "a folder the failed write made").toBe(false);
  for (const name of ["a/one.conf", "a/three.xml", "a/four.xml"]) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o640);
}

describe("writeAllOrNothing", () => {
  it("writes every file with its mode and leaves nothing else behind", () => {
    const { dir, files } = site();
    writeAllOrNothing(files);
    for (const f of files) {
      expect(readFileSync(f.absolutePath, "utf8")).toBe(f.content);
      expect(statSync(f.absolutePath).mode & 0o777).toBe(0o600);
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it("a full disk while the third file is staged leaves the first two (and all others) untouched", () => {
    const { dir, files, before } = site();
    failOn("writeSync", 3, "ENOSPC");
    expect(() => writeAllOrNothing(files)).toThrow(new IoError(files[2]!.absolutePath, "no space left on device"));
    expectUntouched(dir, before);
  });

  it("a short write (room for half the third file) is not taken for the whole file", () => {
    const { dir, files, before } = site();
    failOn("writeSync", 3, "ENOSPC", true);
    expect(() => writeAllOrNothing(files)).toThrow(new IoError(files[2]!.absolutePath, "no space left on device"));
    expectUntouched(dir, before);
  });

  it("a rename that fails on the third file puts back the two already renamed", () => {
    const { dir, files, before } = site();
    failOn("renameSync", 3, "EPERM");
    expect(() => writeAllOrNothing(files)).toThrow(new IoError(files[2]!.absolutePath, "operation not permitted"));
    expectUntouched(dir, before);
  });

  it("a rename that fails on the last, new file removes the new files renamed before it", () => {
    const { dir, files, before } = site();
    failOn("renameSync", 5, "EIO");
    expect(() => writeAllOrNothing(files)).toThrow(IoError);
    expectUntouched(dir, before);
  });

  it("where the file system refuses hard links, backs up by copying and still writes everything", () => {
    const { dir, files } = site();
    failOn("linkSync", 1, "EPERM");
    writeAllOrNothing(files);
    for (const f of files) expect(readFileSync(f.absolutePath, "utf8")).toBe(f.content);
    expect(leftovers(dir)).toEqual([]);
  });

  it("removes temporary files and backups of runs that no longer run, in the folders it writes and tidies", () => {
    const { dir, files } = site();
    const dead = 2 ** 22 + 1; // above Linux's pid_max: never a running process
    const running = process.pid;
    mkdirSync(join(dir, "unchanged"));
    const stale = [`a/.cfggen-one.conf.${dead}.tmp`, `a/.cfggen~three.xml.${dead}.tmp`, `a/.cfggen-gone.xml.${dead}.tmp`, `unchanged/.cfggen~x.xml.${dead}.tmp`];
    const kept = [`a/.cfggen-other.xml.${running}.tmp`, "a/.cfggen-notes.txt", `a/cfggen-one.conf.${dead}.tmp`];
    for (const path of [...stale, ...kept]) writeFileSync(join(dir, path), "left over\n");
    writeAllOrNothing(files, { alsoTidy: [join(dir, "unchanged", "x.xml")] });
    const after = readTree(dir);
    for (const path of stale) expect(after.has(path), path).toBe(false);
    for (const path of kept) expect(after.has(path), path).toBe(true);
    expect(readdirSync(join(dir, "unchanged"))).toEqual([]);
  });
});
