// Errors that end a command with exit status 2 and a one-line message, never a stack trace.

/** A path that cannot be read or written: "cfggen: PATH: reason". */
export class IoError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }

  static from(path: string, cause: unknown): IoError {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reasons: Record<string, string> = {
      ENOENT: "no such file or directory",
      EACCES: "permission denied",
      EPERM: "operation not permitted",
      EISDIR: "is a directory",
      ENOTDIR: "a parent of this path is not a directory",
      ENOSPC: "no space left on device",
      EROFS: "read-only file system",
      EDQUOT: "disk quota exceeded",
      ELOOP: "too many symbolic links",
      ENAMETOOLONG: "file name too long",
    };
    return new IoError(path, (code && reasons[code]) ?? (cause instanceof Error ? cause.message : String(cause)));
  }
}

/** Input that cfggen refuses, such as a hand-written file in its way. */
export class UserError extends Error {}
