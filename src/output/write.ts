// All-or-nothing writes: every file is staged as a temporary file beside its target,
// then all are renamed. A failure while staging leaves every target untouched.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync, chmodSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { IoError } from "../errors.js";

export interface FileToWrite {
  absolutePath: string;
  content: string;
  mode: number;
}

const TEMP_PREFIX = ".cfggen-";
const TEMP_SUFFIX = ".tmp";

export function writeAllOrNothing(files: readonly FileToWrite[]): void {
  const staged: { temp: string; target: string }[] = [];
  // Each folder is made and listed once per write, not once per file: a render of 10,000
  // members writes 10,001 files, two to a folder.
  const folders = new Map<string, readonly string[]>();
  try {
    for (const file of files) staged.push({ temp: stage(file, folders), target: file.absolutePath });
  } catch (cause) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw cause;
  }
  for (const { temp, target } of staged) {
    try {
      renameSync(temp, target);
    } catch (cause) {
      for (const s of staged) rmSync(s.temp, { force: true });
      throw IoError.from(target, cause);
    }
  }
}

function stage(file: FileToWrite, folders: Map<string, readonly string[]>): string {
  const folder = dirname(file.absolutePath);
  let entries = folders.get(folder);
  if (!entries) {
    let created: string | undefined;
    try {
      created = mkdirSync(folder, { recursive: true });
    } catch (cause) {
      throw IoError.from(folder, cause);
    }
    // A folder made just now holds no stale temporary files.
    entries = created === undefined ? listFolder(folder) : [];
    folders.set(folder, entries);
  }
  removeStaleTemps(folder, entries, basename(file.absolutePath));
  const temp = join(folder, `${TEMP_PREFIX}${basename(file.absolutePath)}.${process.pid}${TEMP_SUFFIX}`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w", file.mode);
    writeSync(fd, file.content);
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

function listFolder(folder: string): readonly string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Temporary files left by a killed run (their pid no longer runs) are removed on the next one. */
function removeStaleTemps(folder: string, entries: readonly string[], name: string): void {
  for (const entry of entries) {
    const match = entry.startsWith(`${TEMP_PREFIX}${name}.`) && entry.endsWith(TEMP_SUFFIX) ? /\.(\d+)\.tmp$/.exec(entry) : null;
    if (match && !isRunning(Number(match[1]))) rmSync(join(folder, entry), { force: true });
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
