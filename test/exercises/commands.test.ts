/**
 * `check`, `hint` and `answer` as a reader sees them, on a toy exercise
 * attached to a bare world (so these tests do not depend on any scenario).
 */
import { describe, expect, it } from 'vitest';
import { World } from '../../sandbox/world/world.js';
import { VirtualFS } from '../../sandbox/world/fs.js';
import { Netns } from '../../sandbox/kernel/netns.js';
import { runTranscriptDetailed } from '../../sandbox/shell/transcript.js';
import { attachExercise } from '../../sandbox/exercises/active.js';
import { lastAnswer, numbersIn } from '../../sandbox/exercises/observed.js';
import { captures } from '../../sandbox/exercises/observed.js';
import { recordObservation } from '../../sandbox/world/observations.js';
import type { Exercise } from '../../sandbox/exercises/types.js';

const HOST = 'box';

const toy: Exercise = {
  id: 'toy',
  chapter: 'vxlan',
  title: { zh: '玩具', en: 'Toy' },
  task: { zh: '回答 42。', en: 'Answer 42.' },
  scenario: 'article',
  host: HOST,
  answer: { prompt: { zh: '一个数', en: 'a number' } },
  items: [
    {
      id: 'answer',
      label: { zh: '回答了 42', en: 'answered 42' },
      check: (_w, obs) => numbersIn(lastAnswer(obs)?.text ?? '').includes(42),
    },
    {
      id: 'capture',
      label: { zh: '在 eth0 上抓过包', en: 'captured on eth0' },
      check: (_w, obs) => captures(obs, { iface: 'eth0' }).length > 0,
    },
    {
      id: 'throws',
      label: { zh: '会抛异常的检查项', en: 'a check that throws' },
      check: () => {
        throw new Error('half-built world');
      },
    },
  ],
  hints: {
    static: [
      { zh: '第一条', en: 'first' },
      { zh: '第二条', en: 'second' },
    ],
    dynamic: (_w, obs) => (lastAnswer(obs) ? undefined : { zh: '还没有回答', en: 'no answer yet' }),
  },
  solution: ['answer 42', 'check'],
  wrong: ['answer 41', 'check'],
};

function toyWorld(attach = true): World {
  const world = new World({ seed: 1 });
  const fs = new VirtualFS(() => world.clock.now);
  fs.mkdirp('/root');
  world.addHost({ name: HOST, kind: 'node', fs, ns: new Netns(HOST, world), sysctl: new Map() });
  if (attach) attachExercise(world, toy);
  return world;
}

async function run(world: World, script: string): Promise<string> {
  const r = await runTranscriptDetailed(world, HOST, script);
  expect(r.internalErrors).toEqual([]);
  return r.text;
}

const P = `root@${HOST}:~# `;

describe('exercise commands', () => {
  it('check prints the checklist and the score last; a throwing item counts as open', async () => {
    const w = toyWorld();
    const text = await run(w, 'check\necho $?\n');
    expect(text).toBe(
      `${P}check\n[ ] answered 42\n[ ] captured on eth0\n[ ] a check that throws\nscore: 0% (0/3)\n${P}echo $?\n1\n`,
    );
  });

  it('answer records the latest answer; check grades it item by item', async () => {
    const w = toyWorld();
    recordObservation(w, {
      kind: 'capture',
      at: 0,
      end: 1,
      host: HOST,
      iface: 'eth0',
      filter: '',
      packets: 0,
      frames: [],
      sawVxlan: false,
      sawIcmp: false,
    });
    const text = await run(w, 'answer 41\nanswer the answer is 42\ncheck\n');
    expect(text).toBe(
      `${P}answer 41\nanswer recorded: 41\n${P}answer the answer is 42\nanswer recorded: the answer is 42\n` +
        `${P}check\n[x] answered 42\n[x] captured on eth0\n[ ] a check that throws\nscore: 66% (2/3)\n`,
    );
  });

  it('check --lang zh speaks Chinese, and the score line stays the same', async () => {
    const w = toyWorld();
    const text = await run(w, 'check --lang zh\n');
    expect(text).toBe(
      `${P}check --lang zh\n[ ] 回答了 42\n[ ] 在 eth0 上抓过包\n[ ] 会抛异常的检查项\nscore: 0% (0/3)\n`,
    );
  });

  it('hint gives the static hints in order, then one computed from the world', async () => {
    const w = toyWorld();
    const text = await run(w, 'hint\nhint\nhint\nanswer 42\nhint\n');
    expect(text).toBe(
      `${P}hint\nhint 1: first\n${P}hint\nhint 2: second\n${P}hint\nhint 3: no answer yet\n` +
        `${P}answer 42\nanswer recorded: 42\n${P}hint\nNo more hints. Run check to see which items are still open.\n`,
    );
  });

  it('refuses bad input with a usage message and leaves no answer behind', async () => {
    const w = toyWorld();
    const text = await run(w, 'answer\necho $?\ncheck --lang fr\necho $?\ncheck extra\n');
    expect(text).toBe(
      `${P}answer\nusage: answer TEXT\n${P}echo $?\n2\n` +
        `${P}check --lang fr\ncheck: unknown language 'fr' (use zh or en)\nusage: check [--lang zh|en]\n${P}echo $?\n2\n` +
        `${P}check extra\ncheck: unexpected argument 'extra'\nusage: check [--lang zh|en]\n`,
    );
  });

  it('says so when no exercise is running', async () => {
    const w = toyWorld(false);
    const text = await run(w, 'check\nhint\nanswer 1\n');
    expect(text).toBe(
      `${P}check\ncheck: no exercise is running (start one with --exercise ID)\n` +
        `${P}hint\nhint: no exercise is running (start one with --exercise ID)\n` +
        `${P}answer 1\nanswer: no exercise is running (start one with --exercise ID)\n`,
    );
  });
});
