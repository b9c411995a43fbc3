/**
 * @module checks/shell
 * Just enough POSIX shell to judge `RUN` commands (from image history or a Dockerfile): split a
 * command line into pipelines of simple commands (on `&&`, `||`, `;`, `&`, newlines and `|`,
 * respecting quotes and backslashes), and find the program each one runs (skipping `VAR=x`,
 * `sudo`, `env`, `exec`, `command`). Hand-written and linear: history and Dockerfiles are
 * untrusted input. https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html
 * Limits: no expansion, no here-documents, subshells are read as plain words.
 */

/** A simple command: its words (quotes removed). */
export type SimpleCommand = string[];
/** Commands joined by `|`. */
export type Pipeline = SimpleCommand[];

/** Splits a shell command line into pipelines of simple commands. */
export function splitShell(cmd: string): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let pipeline: Pipeline = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '' | "'" | '"' = '';
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) pipeline.push(words);
    words = [];
  };
  const endPipeline = (): void => {
    endCommand();
    if (pipeline.length > 0) pipelines.push(pipeline);
    pipeline = [];
  };
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && i + 1 < cmd.length) word += cmd[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < cmd.length) {
      const n = cmd[++i]!;
      if (n !== '\n') {
        word += n;
        inWord = true;
      }
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '\n' || c === ';') {
      endPipeline();
    } else if (c === '&') {
      if (cmd[i + 1] === '&') i++;
      endPipeline();
    } else if (c === '|') {
      if (cmd[i + 1] === '|') {
        i++;
        endPipeline();
      } else endCommand();
    } else {
      word += c;
      inWord = true;
    }
  }
  endPipeline();
  return pipelines;
}

const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'time']);

/** Index of the program word in a simple command (after assignments, wrappers and their flags). */
export function programIndex(words: SimpleCommand): number {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (WRAPPERS.has(w)) {
      i++;
      while (i < words.length && words[i]!.startsWith('-')) i++;
    } else break;
  }
  return i;
}

/** The program a simple command runs, without its directory (`/usr/bin/curl` -> `curl`). */
export function programOf(words: SimpleCommand): string {
  const w = words[programIndex(words)] ?? '';
  return w.slice(w.lastIndexOf('/') + 1);
}

/** Arguments after the program. */
export function argsOf(words: SimpleCommand): string[] {
  return words.slice(programIndex(words) + 1);
}

const FETCHERS = new Set(['curl', 'wget']);
const SHELLS = /^(?:sh|bash|dash|zsh|ksh|ash|mksh|python[0-9.]*|perl|ruby|node)$/;

/** `curl … | sh`, `wget -O- … | bash`, `sh -c "$(curl …)"`, `bash <(curl …)`: running a download unseen. */
export function pipesDownloadToShell(cmd: string): boolean {
  for (const pipeline of splitShell(cmd)) {
    let fetched = false;
    for (const c of pipeline) {
      const prog = programOf(c);
      if (fetched && SHELLS.test(prog)) return true;
      if (FETCHERS.has(prog)) fetched = true;
    }
  }
  // Process/command substitution: the words keep `$(curl` / `<(curl` as text.
  for (const fetch of ['$(curl', '$(wget', '<(curl', '<(wget', '`curl', '`wget']) {
    const at = cmd.indexOf(fetch);
    if (at >= 0 && splitShell(cmd.slice(0, at)).some((p) => p.some((c) => SHELLS.test(programOf(c))))) return true;
  }
  return false;
}

interface PmVerbs {
  update: readonly string[];
  install: readonly string[];
}
const PACKAGE_MANAGERS: Record<string, PmVerbs> = {
  'apt-get': { update: ['update'], install: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'] },
  apt: { update: ['update'], install: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade'] },
  aptitude: { update: ['update'], install: ['install', 'upgrade', 'safe-upgrade', 'full-upgrade'] },
  apk: { update: ['update'], install: ['add', 'upgrade'] },
};

/** First non-flag argument (the package manager's verb). */
function verbOf(words: SimpleCommand): string {
  return argsOf(words).find((a) => !a.startsWith('-')) ?? '';
}

/** The package-manager `update` commands of a RUN that installs nothing in the same RUN (CIS 4.7). */
export function updateWithoutInstall(cmd: string): string[] {
  const commands = splitShell(cmd).flat();
  const updates: string[] = [];
  let installs = false;
  for (const c of commands) {
    const pm = PACKAGE_MANAGERS[programOf(c)];
    if (!pm) continue;
    const verb = verbOf(c);
    if (pm.update.includes(verb)) updates.push(`${programOf(c)} ${verb}`);
    if (pm.install.includes(verb)) installs = true;
  }
  return installs ? [] : updates;
}

/** `apt-get install` / `apt install` commands lacking `--no-install-recommends` (Trivy DS029). */
export function aptInstallsWithRecommends(cmd: string): string[] {
  return splitShell(cmd)
    .flat()
    .filter((c) => (programOf(c) === 'apt-get' || programOf(c) === 'apt') && verbOf(c) === 'install')
    .filter((c) => !c.includes('--no-install-recommends') && !c.some((w) => /install-recommends=(?:false|0|no)\b/.test(w.toLowerCase())))
    .map((c) => c.join(' '));
}

/** `cd` used as a command inside RUN (use WORKDIR instead; Trivy DS013). */
export function usesCd(cmd: string): boolean {
  return splitShell(cmd).some((p) => p.some((c) => programOf(c) === 'cd'));
}
