import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { DatabaseUnavailableError } from './database.ts';

/**
 * PGlite runs PostgreSQL in single-user mode and does not guard its data directory: two processes
 * writing one directory would corrupt it. A lock file holding the owner's pid prevents that; a
 * lock left by a process that no longer runs is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = `${dataDir}/bloxtr8.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
        throw new DatabaseUnavailableError(
          `the embedded database in ${dataDir} is in use by process ${owner}; stop it first or set BLOXTR8_DATA_DIR elsewhere`,
        );
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseUnavailableError(`cannot lock the embedded database in ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
