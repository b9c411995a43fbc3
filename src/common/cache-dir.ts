/**
 * @module common/cache-dir
 * Where reins keeps its caches and database: `$REINS_CACHE_DIR`, else `$XDG_CACHE_HOME/reins`,
 * else `~/.cache/reins` (XDG Base Directory spec: https://specifications.freedesktop.org/basedir-spec/latest/).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REINS_CACHE_DIR) return env.REINS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'reins');
  return join(homedir(), '.cache', 'reins');
}
