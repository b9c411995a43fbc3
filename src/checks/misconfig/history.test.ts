import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSteps, parseCreatedBy } from './history.ts';
import { syntheticInput } from './testing/synthetic.ts';

void describe('parseCreatedBy', () => {
  const cases: [string, string, string][] = [
    ['/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2', 'ENV', 'DB_PASSWORD=hunter2'],
    ['/bin/sh -c #(nop) ADD file:abc in / ', 'ADD', 'file:abc in /'],
    ['/bin/sh -c apt-get update && apt-get install -y x', 'RUN', 'apt-get update && apt-get install -y x'],
    ['|1 GH=x /bin/sh -c make', 'RUN', 'make'],
    ['RUN /bin/sh -c curl -fsSL https://x | sh # buildkit', 'RUN', 'curl -fsSL https://x | sh'],
    ['ADD --chmod=755 https://example.com/h.sh /usr/local/bin/h.sh # buildkit', 'ADD', '--chmod=755 https://example.com/h.sh /usr/local/bin/h.sh'],
    ['USER 1000', 'USER', '1000'],
    ['bash -c make', 'RUN', 'bash -c make'],
  ];
  for (const [input, instruction, args] of cases) {
    void it(input, () => assert.deepEqual(parseCreatedBy(input), { instruction, args }));
  }
});

void describe('buildSteps', () => {
  void it('pairs steps with layers and splits base/app at the base CMD', () => {
    const input = syntheticInput({
      history: [
        { created_by: '/bin/sh -c #(nop) ADD file:x in /' },
        { created_by: '/bin/sh -c #(nop)  ENV LANG=C.UTF-8', empty_layer: true },
        { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
        { created_by: '/bin/sh -c #(nop) WORKDIR /app', empty_layer: true },
        { created_by: '/bin/sh -c make' },
        { created_by: '/bin/sh -c #(nop)  CMD ["app"]', empty_layer: true },
      ],
      baseLayers: 1,
    });
    const steps = buildSteps(input.image);
    assert.deepEqual(
      steps.map((s) => [s.instruction, s.origin, s.layer?.index]),
      [
        ['ADD', 'base', 0],
        ['ENV', 'base', undefined],
        ['CMD', 'base', undefined],
        ['WORKDIR', 'app', undefined],
        ['RUN', 'app', 1],
        ['CMD', 'app', undefined],
      ],
    );
  });
  void it('treats every step as base when no boundary is known', () => {
    const input = syntheticInput({ history: [{ created_by: 'ADD file:x in /' }, { created_by: 'CMD ["bash"]', empty_layer: true }] });
    assert.deepEqual(buildSteps(input.image).map((s) => s.origin), ['base', 'base']);
  });
});
