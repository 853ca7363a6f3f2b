// Checks that proto/ stays wire- and source-compatible with what has landed on the main branch.
// Against: $BUF_BREAKING_AGAINST (a git ref), else origin/main, else main. A ref that has no
// proto/ yet (the very first landing) has nothing to break and is skipped with a note.
import { execFileSync, spawnSync } from 'node:child_process';

function git(...args) {
  return spawnSync('git', args, { encoding: 'utf8' });
}

function refExists(ref) {
  return git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`).status === 0;
}

const candidates = [process.env.BUF_BREAKING_AGAINST, 'origin/main', 'main'].filter(Boolean);
const against = candidates.find(refExists);
if (against === undefined) {
  console.log('buf breaking: no main branch to compare with; skipped');
  process.exit(0);
}
if (git('cat-file', '-e', `${against}:buf.yaml`).status !== 0) {
  console.log(`buf breaking: ${against} has no buf module yet; nothing to break`);
  process.exit(0);
}
console.log(`buf breaking: comparing proto/ with ${against}`);
execFileSync('buf', ['breaking', '--against', `.git#ref=${against}`], { stdio: 'inherit' });
