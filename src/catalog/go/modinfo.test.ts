import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseModinfo } from './modinfo.ts';

void describe('parseModinfo', () => {
  void it('reads path, mod, dep, replacements and quoted build settings', () => {
    const text = [
      'path\texample.com/cmd/tool',
      'mod\texample.com\tv1.2.3\th1:abc=',
      'dep\tgolang.org/x/text\tv0.3.7\th1:def=',
      'dep\texample.com/local\tv0.0.0',
      '=>\t../local\t',
      'build\t-ldflags="-s -w"',
      'build\tCGO_ENABLED=0',
      '',
    ].join('\n');
    assert.deepEqual(parseModinfo(text), {
      path: 'example.com/cmd/tool',
      main: { path: 'example.com', version: 'v1.2.3', sum: 'h1:abc=' },
      deps: [
        { path: 'golang.org/x/text', version: 'v0.3.7', sum: 'h1:def=' },
        { path: 'example.com/local', version: 'v0.0.0', replace: { path: '../local', version: '' } },
      ],
      settings: { '-ldflags': '-s -w', CGO_ENABLED: '0' },
    });
  });
  void it('GOPATH mode: path only', () => {
    assert.deepEqual(parseModinfo('path\tgithub.com/docker/distribution/cmd/registry\nbuild\t-compiler=gc\n'), {
      path: 'github.com/docker/distribution/cmd/registry',
      deps: [],
      settings: { '-compiler': 'gc' },
    });
  });
});
