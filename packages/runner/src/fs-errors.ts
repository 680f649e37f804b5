import { statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { RunnerError } from './errors.js';

/**
 * Filesystem conditions a user can cause — a full disk, a read-only or unwritable directory, a file
 * where trtforge needs a directory — turned into one clear line naming the path, instead of a raw
 * Node error reported as an internal one. The CLI applies it to whatever a command throws.
 */
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'directory not empty',
  EEXIST: 'already exists',
  ENOENT: 'no such file or directory',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

const HINTS: Record<string, string> = {
  ENOSPC: 'free some space (`trtforge gc` removes store entries no checkout uses any more) and run again',
  EDQUOT: 'free some space (`trtforge gc` removes store entries no checkout uses any more) and run again',
  EACCES: 'make it writable for this user, or point TRTFORGE_STORE / --state-dir somewhere writable',
  EPERM: 'make it writable for this user, or point TRTFORGE_STORE / --state-dir somewhere writable',
  EROFS: 'point TRTFORGE_STORE / --state-dir at a writable file system',
};

const VERBS: Record<string, string> = {
  mkdir: 'create directory', open: 'open', write: 'write', rename: 'rename', unlink: 'remove', rmdir: 'remove', rm: 'remove',
  symlink: 'link', link: 'link', copyfile: 'copy', stat: 'read', lstat: 'read', scandir: 'list', read: 'read', chmod: 'change mode of',
};

type ErrnoError = NodeJS.ErrnoException & { code: string; dest?: string };

function isErrno(error: unknown): error is ErrnoError {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** The first existing path component of `path` that is not a directory (the file in the way), if any. */
function fileInTheWay(path: string): string | undefined {
  const chain: string[] = [];
  for (let p = path; p !== parse(p).root; p = dirname(p)) chain.unshift(p);
  for (const p of chain) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The RunnerError to report for a filesystem error a user can cause; undefined for anything else (a bug keeps its stack). */
export function filesystemError(error: unknown): RunnerError | undefined {
  if (!isErrno(error) || !(error.code in REASONS)) return undefined;
  const path = error.path ?? '';
  const syscall = error.syscall ?? '';
  if (error.code === 'ENOTDIR' || (error.code === 'EEXIST' && syscall === 'mkdir')) {
    const blocker = fileInTheWay(path);
    if (blocker) {
      return new RunnerError('filesystem', `cannot ${VERBS[syscall] ?? syscall} ${path}: a file is in the way at ${blocker}`, {
        hint: 'trtforge needs a directory there: move or remove that file',
        cause: error,
      });
    }
  }
  const target = error.dest ? `${path} → ${error.dest}` : path;
  return new RunnerError('filesystem', `cannot ${VERBS[syscall] ?? syscall} ${target}: ${REASONS[error.code]} (${error.code})`, {
    ...(HINTS[error.code] ? { hint: HINTS[error.code] } : {}),
    cause: error,
  });
}
