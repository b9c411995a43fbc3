import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aptInstallsWithRecommends, pipesDownloadToShell, programOf, splitShell, updateWithoutInstall, usesCd } from './shell.ts';

void describe('splitShell', () => {
  void it('splits on && || ; & newline and |, keeping quoted operators', () => {
    assert.deepEqual(splitShell(`a 'x && y' && b "p|q" | c; d || e & f\ng`), [
      [['a', 'x && y']],
      [['b', 'p|q'], ['c']],
      [['d']],
      [['e']],
      [['f']],
      [['g']],
    ]);
  });
  void it('joins backslash-newline continuations', () => {
    assert.deepEqual(splitShell('apt-get install \\\n  curl'), [[['apt-get', 'install', 'curl']]]);
  });
  void it('is linear on hostile input (1 MiB of quotes and operators)', () => {
    assert.equal(splitShell('|&;'.repeat(350000)).length, 0);
    // An even run of adjacent quotes concatenates into one empty word.
    assert.deepEqual(splitShell('"'.repeat(1 << 20)), [[['']]]);
  });
});

void describe('programOf', () => {
  void it('skips assignments, sudo/env and their flags, and directories', () => {
    assert.equal(programOf(['DEBIAN_FRONTEND=noninteractive', 'sudo', '-E', '/usr/bin/apt-get', 'install']), 'apt-get');
  });
});

void describe('pipesDownloadToShell', () => {
  const yes = [
    'curl -fsSL https://get.example.com/install.sh | sh',
    'wget -qO- https://x/i.sh | sudo bash -s -- --flag',
    'curl -s https://x | /bin/bash',
    'sh -c "$(curl -fsSL https://x/i.sh)"',
    'bash <(curl -s https://x)',
    'curl -sL https://x | tee /tmp/log | python3 -',
  ];
  const no = ['curl -fsSLo /tmp/i.sh https://x && sh /tmp/i.sh', 'curl https://x | tar xz', 'echo curl | sh', 'wget https://x; sh ./x'];
  for (const c of yes) void it(`yes: ${c}`, () => assert.equal(pipesDownloadToShell(c), true));
  for (const c of no) void it(`no: ${c}`, () => assert.equal(pipesDownloadToShell(c), false));
});

void describe('updateWithoutInstall (CIS 4.7, Trivy DS017)', () => {
  void it('flags an update alone', () => {
    assert.deepEqual(updateWithoutInstall('apt-get update'), ['apt-get update']);
    assert.deepEqual(updateWithoutInstall('apk update && echo done'), ['apk update']);
  });
  void it('accepts update with install in the same command', () => {
    assert.deepEqual(updateWithoutInstall('apt-get update && apt-get install -y curl'), []);
    assert.deepEqual(updateWithoutInstall('apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -y upgrade'), []);
    assert.deepEqual(updateWithoutInstall('make install'), []);
  });
});

void describe('aptInstallsWithRecommends (Trivy DS029)', () => {
  void it('flags apt-get install without --no-install-recommends', () => {
    assert.equal(aptInstallsWithRecommends('apt-get update && apt-get install -y curl').length, 1);
  });
  void it('accepts the flag or the apt option', () => {
    assert.deepEqual(aptInstallsWithRecommends('apt-get install -y --no-install-recommends curl'), []);
    assert.deepEqual(aptInstallsWithRecommends('apt-get install -o APT::Install-Recommends=false curl'), []);
    assert.deepEqual(aptInstallsWithRecommends('apt-get update'), []);
  });
});

void describe('usesCd (Trivy DS013)', () => {
  void it('flags cd as a command, not as a word', () => {
    assert.equal(usesCd('cd /srv/app && npm install'), true);
    assert.equal(usesCd('echo cd && make -C /srv'), false);
  });
});
