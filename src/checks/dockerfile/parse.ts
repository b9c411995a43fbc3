/**
 * @module checks/dockerfile/parse
 * Parses a Dockerfile with dockerfile-ast (https://github.com/rcjsuen/dockerfile-ast) and validates
 * what that lenient parser accepts but `docker build` rejects: unknown instructions, instructions
 * before the first FROM other than ARG, no FROM at all. Those throw InputError naming file:line.
 * Reference: https://docs.docker.com/reference/dockerfile/
 */
import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { InputError } from '../../common/errors.ts';

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export interface ParsedDockerfile {
  dockerfile: Dockerfile;
  instructions: Instruction[];
  /** Index (into instructions) of the last FROM: the final stage starts there. */
  lastFrom: number;
}

/** 1-based line of an instruction. */
export function lineOf(i: Instruction): number {
  return i.getRange().start.line + 1;
}

export function parseDockerfile(text: string, file: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  let seenFrom = false;
  let lastFrom = -1;
  instructions.forEach((ins, idx) => {
    const kw = ins.getKeyword().toUpperCase();
    if (!KEYWORDS.has(kw)) throw new InputError('E_INPUT', `${file}:${lineOf(ins)}: unknown instruction "${ins.getKeyword()}"`);
    if (kw === 'FROM') {
      if ((ins.getArgumentsContent() ?? '').trim() === '') throw new InputError('E_INPUT', `${file}:${lineOf(ins)}: FROM without an image`);
      seenFrom = true;
      lastFrom = idx;
    } else if (!seenFrom && kw !== 'ARG') {
      throw new InputError('E_INPUT', `${file}:${lineOf(ins)}: ${kw} before the first FROM (only ARG may precede it)`);
    }
  });
  if (!seenFrom) throw new InputError('E_INPUT', `${file}:1: no FROM instruction`);
  return { dockerfile, instructions, lastFrom };
}

/** The shell command of a RUN: shell form as written (continuations joined), exec form joined. */
export function runCommand(ins: Instruction): string {
  const raw = (ins.getArgumentsContent() ?? '').trim();
  // Flags (RUN --mount=... --network=...) precede the command.
  let cmd = raw;
  while (cmd.startsWith('--')) {
    const sp = cmd.search(/\s/);
    cmd = sp < 0 ? '' : cmd.slice(sp).trimStart();
  }
  if (cmd.startsWith('[')) {
    try {
      const argv: unknown = JSON.parse(cmd);
      if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) {
        const words: string[] = argv;
        return /(?:^|\/)(?:ba|da|z|k)?sh$/.test(words[0] ?? '') && words[1] === '-c' ? words.slice(2).join(' ') : words.join(' ');
      }
    } catch {
      // not JSON: Docker runs it in the shell as written
    }
  }
  return cmd;
}
