/**
 * @module vuln/db/paths
 * Where the vulnerability database lives: `$REINS_CACHE_DIR/db/reins.db`, else
 * `$XDG_CACHE_HOME/reins/db/reins.db`, else `~/.cache/reins/db/reins.db`
 * (XDG Base Directory spec: https://specifications.freedesktop.org/basedir-spec/latest/).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REINS_CACHE_DIR) return join(env.REINS_CACHE_DIR, 'db', 'reins.db');
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'reins', 'db', 'reins.db');
  return join(env.HOME ?? homedir(), '.cache', 'reins', 'db', 'reins.db');
}
