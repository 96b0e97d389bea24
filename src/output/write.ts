// All-or-nothing writes across the files of one render:
// 1. stage: every file is written to a temporary file beside its target (and fsynced);
// 2. back up: every target that exists gets a hard link (a copy where links are refused), so
//    that it can be put back;
// 3. commit: every temporary file is renamed over its target (atomic per file).
// A failure in 1 or 2 leaves every target untouched; a failure in 3 renames the backups back.
// A process killed at any point leaves each target old or new (rename is atomic), and its
// temporary files and backups are removed by the next run that writes to that folder.
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { IoError } from "../errors.js";

export interface FileToWrite {
  absolutePath: string;
  content: string;
  mode: number;
}

export interface WriteOptions {
  /** More files of the same render (unchanged ones): their folders are tidied of stale temporary files too. */
  alsoTidy?: readonly string[];
}

// Temporary files are .cfggen-NAME.PID.tmp, backups .cfggen~NAME.PID.tmp: the prefixes differ
// before the name, so no target name can make one collide with the other.
const TEMP_PREFIX = ".cfggen-";
const BACKUP_PREFIX = ".cfggen~";
const OURS = /^\.cfggen[-~].*\.(\d+)\.tmp$/;

interface Staged {
  target: string;
  temp: string;
  /** A link to (or copy of) the target as it was; undefined when the target did not exist. */
  backup?: string;
}

export function writeAllOrNothing(files: readonly FileToWrite[], options: WriteOptions = {}): void {
  const folders = new Folders();
  const staged: Staged[] = [];
  try {
    for (const file of files) staged.push({ target: file.absolutePath, temp: stage(file, folders) });
    for (const s of staged) s.backup = backUp(s.target);
  } catch (cause) {
    discard(staged);
    folders.removeCreated();
    throw cause;
  }
  commit(staged, folders);
  for (const s of staged) if (s.backup) rmSync(s.backup, { force: true });
  for (const path of options.alsoTidy ?? []) folders.tidy(dirname(path));
}

function commit(staged: readonly Staged[], folders: Folders): void {
  for (const [i, s] of staged.entries()) {
    try {
      renameSync(s.temp, s.target);
    } catch (cause) {
      // Put back what was already renamed: the old file, or no file where there was none.
      const notRestored: string[] = [];
      for (const done of staged.slice(0, i).reverse()) {
        try {
          if (done.backup) renameSync(done.backup, done.target);
          else rmSync(done.target, { force: true });
        } catch {
          notRestored.push(done.target);
        }
      }
      discard(staged.slice(i));
      folders.removeCreated();
      const failure = IoError.from(s.target, cause);
      throw notRestored.length ? new IoError(s.target, `${failure.reason}; the new ${notRestored.join(", ")} could not be put back`) : failure;
    }
  }
}

function discard(staged: readonly Staged[]): void {
  for (const s of staged) {
    rmSync(s.temp, { force: true });
    if (s.backup) rmSync(s.backup, { force: true });
  }
}

function stage(file: FileToWrite, folders: Folders): string {
  const folder = dirname(file.absolutePath);
  folders.prepare(folder);
  const temp = join(folder, `${TEMP_PREFIX}${basename(file.absolutePath)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w", file.mode);
    writeFully(fd, Buffer.from(file.content));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(temp, file.mode); // openSync's mode is filtered by the umask
    return temp;
  } catch (cause) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw IoError.from(file.absolutePath, cause);
  }
}

/**
 * write(2) may write less than asked: on a disk with room for part of the file it writes that
 * part and returns its length, and only the next call fails with ENOSPC. One writeSync call would
 * stage (and then commit) a truncated file.
 */
function writeFully(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw Object.assign(new Error("write made no progress"), { code: "ENOSPC" });
    offset += written;
  }
}

/** A hard link to the existing target (a copy where the file system refuses links); undefined when there is none. */
function backUp(target: string): string | undefined {
  // No exception per new file: a render of 10,000 members writes 10,001 new files.
  if (!existsSync(target)) return undefined;
  const backup = join(dirname(target), `${BACKUP_PREFIX}${basename(target)}.${process.pid}.tmp`);
  rmSync(backup, { force: true });
  try {
    linkSync(target, backup);
    return backup;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined;
  }
  try {
    copyFileSync(target, backup);
    chmodSync(backup, statSync(target).mode & 0o7777);
    return backup;
  } catch (cause) {
    rmSync(backup, { force: true });
    throw IoError.from(target, cause);
  }
}

/** The folders one write uses: each made and tidied once (a render of 10,000 members writes 10,001 files, two to a folder). */
class Folders {
  private readonly prepared = new Set<string>();
  private readonly tidied = new Set<string>();
  /** Folders this write made: [the deepest, the first one made], removed again if the write fails. */
  private readonly created: [string, string][] = [];

  prepare(folder: string): void {
    if (this.prepared.has(folder)) return;
    let first: string | undefined;
    try {
      first = mkdirSync(folder, { recursive: true });
    } catch (cause) {
      throw IoError.from(folder, cause);
    }
    this.prepared.add(folder);
    // A folder made just now holds no stale temporary files: not listed.
    if (first === undefined) this.tidy(folder);
    else {
      this.created.push([folder, first]);
      this.tidied.add(folder);
    }
  }

  /** Temporary files and backups left by a killed run (its pid no longer runs) are removed. */
  tidy(folder: string): void {
    if (this.tidied.has(folder)) return;
    this.tidied.add(folder);
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const pid = OURS.exec(entry)?.[1];
      if (pid !== undefined && !isRunning(Number(pid))) rmSync(join(folder, entry), { force: true });
    }
  }

  /** Empty folders this write made, deepest first, up to the first one it made. */
  removeCreated(): void {
    for (const [deepest, first] of this.created.reverse()) {
      for (let folder = deepest; ; folder = dirname(folder)) {
        try {
          rmdirSync(folder);
        } catch {
          break;
        }
        if (folder === first) break;
      }
    }
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
}
