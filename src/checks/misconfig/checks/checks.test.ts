// One describe per image check: true positives, true negatives and the cause (base/app).
// Expected values come from the CIS Docker Benchmark section 4 items and Trivy's DS checks the
// checks cite, not from running the checks.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageCheck } from '../types.ts';
import { file, syntheticInput } from '../testing/synthetic.ts';
import type { SyntheticImage } from '../testing/synthetic.ts';
import { addRemoteUrl, remoteAddSources } from './add-remote-url.ts';
import { curlPipeShell } from './curl-pipe-shell.ts';
import { latestTag, tagOf } from './latest-tag.ts';
import { noHealthcheck } from './no-healthcheck.ts';
import { isPackageCache, packageCache } from './package-cache.ts';
import { remoteAccessPackages } from './remote-access-packages.ts';
import { secretsInConfig } from './secrets-in-config.ts';
import { setuidFiles } from './setuid-files.ts';
import { isSshPort, sshPortExposed } from './ssh-port-exposed.ts';
import { updateAlone } from './update-alone.ts';
import { isRootUser, userRoot } from './user-root.ts';

function run(check: ImageCheck, s: SyntheticImage) {
  return check.evaluate(syntheticInput(s));
}
const BASE_HISTORY = [
  { created_by: '/bin/sh -c #(nop) ADD file:rootfs in /' },
  { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
];
function app(...createdBy: (string | { created_by: string; empty_layer: true })[]): SyntheticImage {
  return { history: [...BASE_HISTORY, ...createdBy.map((c) => (typeof c === 'string' ? { created_by: c } : c))], baseLayers: 1 };
}

void describe('REINS-IMG-001 user-root (CIS 4.1)', () => {
  void it('isRootUser: empty, root, 0, 0:0, root:root are root; 1000, app, 1000:0 are not', () => {
    for (const u of ['', 'root', '0', '0:0', 'root:root', ' 0 ']) assert.equal(isRootUser(u), true, u);
    for (const u of ['1000', 'app', '1000:0', 'nobody']) assert.equal(isRootUser(u), false, u);
  });
  void it('fails without USER, blaming the app when it has app layers', () => {
    const r = run(userRoot, { ...app('/bin/sh -c make'), config: {} });
    assert.deepEqual([r.status, r.cause], ['fail', 'app']);
  });
  void it('fails on USER root set by the base', () => {
    const s = app('/bin/sh -c make');
    s.history!.splice(1, 0, { created_by: '/bin/sh -c #(nop)  USER root', empty_layer: true });
    const r = run(userRoot, { ...s, config: { User: 'root' } });
    assert.deepEqual([r.status, r.cause], ['fail', 'base']);
  });
  void it('passes with USER 1000', () => assert.equal(run(userRoot, { config: { User: '1000' } }).status, 'pass'));
});

void describe('REINS-IMG-002 no-healthcheck (CIS 4.6)', () => {
  void it('fails without Healthcheck and with NONE', () => {
    assert.equal(run(noHealthcheck, { config: {} }).status, 'fail');
    assert.equal(run(noHealthcheck, { config: { Healthcheck: { Test: ['NONE'] } } }).status, 'fail');
  });
  void it('passes with a CMD-SHELL test', () => {
    assert.equal(run(noHealthcheck, { config: { Healthcheck: { Test: ['CMD-SHELL', 'curl -f localhost || exit 1'] } } }).status, 'pass');
  });
});

void describe('REINS-IMG-003 setuid-files (CIS 4.8)', () => {
  void it('fails on a setuid file added by an app layer, cause app, with that layer', () => {
    const r = run(setuidFiles, { walks: [{ entries: [file('/usr/bin/passwd', 0o4755)] }, { entries: [file('/usr/local/bin/x', 0o4755)] }], baseLayers: 1 });
    assert.deepEqual([r.status, r.cause, r.layer?.index], ['fail', 'app', 1]);
    assert.equal(r.evidence.length, 2);
  });
  void it('fails with cause base when only the base has them (setgid counts)', () => {
    const r = run(setuidFiles, { walks: [{ entries: [file('/usr/bin/chage', 0o2755)] }, { entries: [file('/app/x')] }], baseLayers: 1 });
    assert.deepEqual([r.status, r.cause], ['fail', 'base']);
  });
  void it('passes when a later layer deletes or chmods them', () => {
    const r = run(setuidFiles, {
      walks: [{ entries: [file('/usr/bin/a', 0o4755), file('/usr/bin/b', 0o6755)] }, { whiteouts: ['/usr/bin/a'], entries: [file('/usr/bin/b', 0o755)] }],
    });
    assert.equal(r.status, 'pass');
  });
});

void describe('REINS-IMG-004 add-remote-url (CIS 4.9)', () => {
  void it('remoteAddSources: URLs and git repos, not the destination or local sources', () => {
    assert.deepEqual(remoteAddSources('--chmod=755 https://example.com/h.sh /usr/local/bin/h.sh'), ['https://example.com/h.sh']);
    assert.deepEqual(remoteAddSources('file:abc in /'), []);
    assert.deepEqual(remoteAddSources('app.tar.gz /srv/'), []);
    assert.deepEqual(remoteAddSources('git@github.com:o/r.git /src'), ['git@github.com:o/r.git']);
  });
  void it('fails on ADD of a URL in an app layer', () => {
    const r = run(addRemoteUrl, app('ADD https://example.com/tool.sh /usr/local/bin/tool.sh # buildkit'));
    assert.deepEqual([r.status, r.cause, r.layer?.index], ['fail', 'app', 1]);
  });
  void it('passes on the base rootfs ADD and on ADD --checksum', () => {
    assert.equal(run(addRemoteUrl, app('/bin/sh -c #(nop) COPY file:x in /app')).status, 'pass');
    assert.equal(run(addRemoteUrl, app('ADD --checksum=sha256:00 https://example.com/t /t # buildkit')).status, 'pass');
  });
});

void describe('REINS-IMG-005 curl-pipe-shell', () => {
  void it('fails on curl | sh', () => {
    const r = run(curlPipeShell, app('RUN /bin/sh -c curl -fsSL https://get.example.com/i.sh | sh # buildkit'));
    assert.deepEqual([r.status, r.cause], ['fail', 'app']);
  });
  void it('passes when the download is saved and verified', () => {
    assert.equal(run(curlPipeShell, app('/bin/sh -c curl -fsSLo i.sh https://x/i.sh && sha256sum -c i.sha && sh i.sh')).status, 'pass');
  });
});

void describe('REINS-IMG-006 secrets-in-config (CIS 4.10)', () => {
  void it('fails on a password in ENV, blaming the step that set it', () => {
    const s = app('/bin/sh -c make', { created_by: '/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2', empty_layer: true });
    const r = run(secretsInConfig, { ...s, config: { Env: ['DB_PASSWORD=hunter2'] } });
    assert.deepEqual([r.status, r.cause], ['fail', 'app']);
    assert.ok(r.evidence.every((e) => !e.includes('hunter2')));
  });
  void it('passes on ordinary ENV', () => {
    assert.equal(run(secretsInConfig, { config: { Env: ['PATH=/usr/bin', 'NODE_ENV=production'] } }).status, 'pass');
  });
});

void describe('REINS-IMG-007 update-alone (CIS 4.7)', () => {
  void it('fails on apt-get update in its own RUN', () => {
    const r = run(updateAlone, app('/bin/sh -c apt-get update', '/bin/sh -c apt-get install -y curl'));
    assert.deepEqual([r.status, r.layer?.index], ['fail', 1]);
  });
  void it('passes when update and install share a RUN', () => {
    assert.equal(run(updateAlone, app('/bin/sh -c apt-get update && apt-get install -y --no-install-recommends curl')).status, 'pass');
  });
});

void describe('REINS-IMG-008 package-cache', () => {
  void it('isPackageCache', () => {
    for (const p of ['/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', '/var/cache/apt/archives/curl_7.88.deb', '/var/cache/apk/APKINDEX.tar.gz', '/root/.npm/_cacache/index', '/root/.cache/pip/http/x'])
      assert.equal(isPackageCache(file(p)), true, p);
    for (const p of ['/var/lib/apt/lists/lock', '/var/cache/apt/pkgcache.bin', '/var/lib/dpkg/status', '/root/.npmrc'])
      assert.equal(isPackageCache(file(p)), false, p);
  });
  void it('fails when apt lists remain, passes when a later layer removed them', () => {
    const lists = file('/var/lib/apt/lists/x_Packages');
    assert.equal(run(packageCache, { walks: [{ entries: [lists] }] }).status, 'fail');
    assert.equal(run(packageCache, { walks: [{ entries: [lists] }, { whiteouts: ['/var/lib/apt/lists/x_Packages'] }] }).status, 'pass');
  });
});

void describe('REINS-IMG-009 remote-access-packages (CIS 4.3)', () => {
  void it('fails on openssh-server or sudo, cause from the package layer', () => {
    const r = run(remoteAccessPackages, { walks: [{}, {}], baseLayers: 1, packages: [{ name: 'sudo', layer: 1 }] });
    assert.deepEqual([r.status, r.cause], ['fail', 'app']);
    assert.equal(run(remoteAccessPackages, { packages: [{ name: 'openssh-server' }] }).status, 'fail');
  });
  void it('passes on the ssh client and on npm packages named sudo', () => {
    assert.equal(run(remoteAccessPackages, { packages: [{ name: 'openssh-client' }, { name: 'sudo', type: 'npm' }] }).status, 'pass');
  });
});

void describe('REINS-IMG-010 ssh-port-exposed', () => {
  void it('isSshPort', () => {
    assert.deepEqual(['22', '22/tcp', '22/udp', '2222/tcp', '220'].map(isSshPort), [true, true, true, false, false]);
  });
  void it('fails on 22/tcp, passes on 3000/tcp', () => {
    assert.equal(run(sshPortExposed, { config: { ExposedPorts: { '22/tcp': {}, '3000/tcp': {} } } }).status, 'fail');
    assert.equal(run(sshPortExposed, { config: { ExposedPorts: { '3000/tcp': {} } } }).status, 'pass');
  });
});

void describe('REINS-IMG-011 latest-tag', () => {
  void it('tagOf', () => {
    assert.deepEqual(tagOf('localhost:5000/debian'), {});
    assert.deepEqual(tagOf('debian:12'), { tag: '12' });
    assert.deepEqual(tagOf('debian@sha256:ab'), { digest: 'sha256:ab' });
  });
  void it('fails on a latest or untagged base, passes on a pinned one', () => {
    assert.equal(run(latestTag, { baseName: 'docker.io/library/debian:latest' }).status, 'fail');
    assert.equal(run(latestTag, { baseName: 'localhost:5000/debian' }).status, 'fail');
    assert.equal(run(latestTag, { baseName: 'debian:12.5' }).status, 'pass');
    assert.equal(run(latestTag, { baseName: 'debian@sha256:ab' }).status, 'pass');
  });
  void it('without a known base, judges the image tag', () => {
    assert.equal(run(latestTag, { tag: 'latest' }).status, 'fail');
    assert.equal(run(latestTag, { tag: '1.2.3' }).status, 'pass');
  });
});
