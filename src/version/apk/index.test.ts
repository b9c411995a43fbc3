import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apkScheme } from './index.ts';
import { VersionError } from '../types.ts';

// A selection of lines transcribed from apk-tools' own comparison table, test/version.data
// (https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/test/version.data), which
// `apk vertest` checks in apk's CI. Format: "<a> <op> <b>".
const APK_TOOLS_TABLE = `
2.34 > 0.1.0_alpha
0.1.0_alpha = 0.1.0_alpha
0.1.0_alpha2 > 0.1.0_alpha
1.0.4-r3 < 1.0.4-r4
1.1 > 1.1_alpha1
1.2.1 > 1.2
1.2 < 1.3_alpha
1.3_alpha2 < 1.3_alpha3
0.8_beta1 < 0.8_beta2
3.10.18-r1 > 2.3.0b-r1
2.3.0b-r1 < 2.3.0b-r2
0.12.3 > 0.12
0.12 < 0.13_beta1
1.2.11 < 1.2.12.1
0.2.0-r1 < 3.1_p16
3.1_p16 < 3.1_p17
1.06-r6 < 006
1.2.2-r1 > 1.2.2
2.59 < 20050718-r1
3.9.8-r5 > 2.01.01_alpha10
1.0 > 0.99.3.20040818
1.39 > 1.00_beta2
4.2.52_p2-r1 < 4.2.52_p4-r2
4.2.52_p4-r2 > 1.02.07
1.05-r18 < 1.05-r19
2.11-r1 > 2.11
3.0.20060720 < 20060720
2.1.9.200602141850 > 1.6
2.5.1-r8 < 2.5.1a-r1
1.3.5-r10 > 1.3.5-r8
20040401 > 2.0.0_rc3-r1
3.0.0-r2 < 021109-r3
0.9.16-r1 < 3.9_pre20060124
1.1.7 < 6b-r7
0.10.0 < 0.10.1_rc1
1.1a < 1.3a
1.0-r1 > 0.15.1b
0.15.1b-r2 > 0.15.1b
22.7-r1 < 22.7.3-r1
22.7 > 2.1_pre20
2.10.1 > 02.08.01b
2.02.06 < 2.02.10
3.81 > 1.6d
1.6d > 1.2.07.8
1.2.07.8 < 1.2.12.04
1.07-r1 < 1.07.5
0.1_pre20060810 < 0.1_pre20060817
0.59s-r11 < 0.65
4.01 < 4.20
4.20 > 0.20070118
0.20070118 < 0.20070207_rc1
0.20070207_rc1 < 1.0
3.7_p1 > 1.3
4.5_p1-r1 > 4.5_p1
0.9.8c-r1 < 0.9.8d
013 < 014-r1
1.7 < 1.7b
1.8.5 < 1.8.5_p2
2.9.11_pre20051101-r3 > 2.9.11_pre20051101
1.6.8_p12-r1 > 1.6.8_p9-r2
0.9.28-r2 < 0.9.28.1
104-r11 > 104-r9
2.12r-r4 < 2.12r-r5
7.0.17 < 7.0.174
1.3-r0 < 1.3.1-r0
1.3_pre1-r1 < 1.3.2
1.0_p10-r0 > 1.0_p9-r0
0.1.0_alpha_pre2 < 0.1.0_alpha
1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
`;

const ROWS = APK_TOOLS_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [a, op, b] = line.split(' ');
    return { a: a!, b: b!, want: op === '<' ? -1 : op === '>' ? 1 : 0 };
  });

void test('agrees with apk-tools test/version.data', () => {
  for (const { a, b, want } of ROWS) {
    assert.equal(apkScheme.compare(a, b), want, `${a} vs ${b}`);
    assert.equal(apkScheme.compare(b, a), want === 0 ? 0 : -want, `${b} vs ${a}`);
  }
});

// The suffix ladder as the APKBUILD reference describes it (pre-release < release < post-release).
void test('suffix ladder: _alpha < _beta < _pre < _rc < release < _cvs < _svn < _git < _hg < _p', () => {
  const ladder = ['1.0_alpha', '1.0_beta', '1.0_pre', '1.0_rc', '1.0', '1.0_cvs', '1.0_svn', '1.0_git', '1.0_hg', '1.0_p'];
  for (let i = 0; i + 1 < ladder.length; i++) assert.equal(apkScheme.compare(ladder[i]!, ladder[i + 1]!), -1, ladder[i]);
  assert.equal(apkScheme.compare('1.0~abc1-r0', '1.0~abc2-r0'), -1);
  // version.c: when token kinds differ, the side whose next token kind comes later in the enum
  // (here REVISION after COMMIT_HASH) is the lesser one.
  assert.equal(apkScheme.compare('1.0-r0', '1.0~abc-r0'), -1);
});

void test('rejects what apk marks invalid', () => {
  for (const bad of ['', 'a1', '1.0bc', '23_foo', '1.0-r', '1.0-x1', '1..0', '1.0_', '1.0_constructor', '1.0a.1', '1.0~', '1.0-r1-r2']) {
    assert.equal(apkScheme.isValid(bad), false, bad);
  }
  assert.throws(() => apkScheme.compare('1.0bc', '1.0'), VersionError);
});
