/**
 * @module image/source/docker-config
 * Where the Docker CLI keeps its configuration (https://docs.docker.com/reference/cli/docker/#configuration-files):
 * `$DOCKER_CONFIG`, else `~/.docker`. Registry credentials (`config.json` `auths`), the current
 * context (`config.json` `currentContext`), the context store (`contexts/`) and the default TLS files
 * of DOCKER_TLS_VERIFY all live there.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '') return env.DOCKER_CONFIG;
  return join(env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir(), '.docker');
}
