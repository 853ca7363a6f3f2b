/**
 * Whether a process with this pid runs on this machine (signal 0 checks without signalling).
 * EPERM means it runs as another user. A pid the system has reused for an unrelated process reads
 * as alive: callers treat "alive" as "leave it alone", which is the safe side.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
