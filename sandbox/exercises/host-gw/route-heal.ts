import type { Exercise } from '../types.js';
import type { ChangeObservation, Observation } from '../../world/observations.js';
import type { World } from '../../world/world.js';
import * as A from '../article.js';
import { answerValue, lastAnswer } from '../observed.js';
import { route } from '../probe/kernel.js';

const ROUTE = `${A.CONTROL_SUBNET} via ${A.CONTROL_IP} dev eth0`;
/** flanneld's host-gw route check (routeCheckRetries × 1 s). */
const CHECK_PERIOD_S = 10;

function changes(obs: readonly Observation[]): ChangeObservation[] {
  return obs.filter(
    (o): o is ChangeObservation =>
      o.kind === 'change' && o.host === A.WORKER && o.what === 'route' && o.detail.includes(ROUTE),
  );
}

/** Seconds between the first deletion of the route and its next return, as the kernel saw them. */
function healDelay(obs: readonly Observation[]): number | undefined {
  const ch = changes(obs);
  const del = ch.find((c) => c.detail.startsWith('del '));
  if (!del) return undefined;
  const back = ch.find((c) => c.at > del.at && !c.detail.startsWith('del '));
  return back ? (back.at - del.at) / 1e6 : undefined;
}

function routeBack(world: World): boolean {
  const r = route(world, A.WORKER, A.CONTROL_SUBNET);
  return r?.gateway === A.CONTROL_IP && r.dev === 'eth0';
}

export const hostGwRouteHeal: Exercise = {
  id: 'host-gw-route-heal',
  chapter: 'host-gw',
  title: {
    zh: 'host-gw 的路由会自己回来',
    en: 'host-gw routes come back by themselves',
  },
  task: {
    zh: '在 host-gw 模式下，删掉节点 `10-7-111-92` 上去 10.244.0.0/24 的路由，不要自己加回去，观察它。它会回来吗？多久？用 `answer seconds=N` 写下你观察到的秒数（整数即可）。和 VXLAN 模式下删掉路由相比，有什么不同？',
    en: 'In host-gw mode, delete the route to 10.244.0.0/24 on node `10-7-111-92`, do not add it back yourself, and watch it. Does it come back? After how long? Write the number of seconds you observed with `answer seconds=N` (a whole number will do). How does that differ from deleting the route in VXLAN mode?',
  },
  scenario: 'host-gw',
  host: A.WORKER,
  answer: {
    prompt: { zh: '路由过了多少秒回来', en: 'how many seconds until the route came back' },
    placeholder: 'seconds=…',
  },
  items: [
    {
      id: 'deleted',
      label: {
        zh: '`10.244.0.0/24 via 10.7.160.190 dev eth0` 被删过',
        en: '`10.244.0.0/24 via 10.7.160.190 dev eth0` was deleted',
      },
      check: (_w, obs) => changes(obs).some((c) => c.detail.startsWith('del ')),
    },
    {
      id: 'back',
      label: {
        zh: '路由又回来了，而且不是你加的：是 flanneld 加回来的',
        en: 'the route came back, put there by flanneld rather than by you',
      },
      check: (w, obs) => routeBack(w) && healDelay(obs) !== undefined && healDelay(obs)! > 0.5,
    },
    {
      id: 'seconds',
      label: {
        zh: '回答的秒数和观察到的相符（不超过 flanneld 的检查周期）',
        en: "the seconds answered agree with what happened (and with flanneld's check period)",
      },
      check: (_w, obs) => {
        const d = healDelay(obs);
        const a = lastAnswer(obs);
        const v = a === undefined ? undefined : answerValue(a.text, 'seconds', 0);
        if (d === undefined || v === undefined || !/^\d+(\.\d+)?$/.test(v)) return false;
        // Polling by hand sees the return a little late; flanneld's check period is the upper bound.
        const n = Number(v);
        return n >= Math.max(1, Math.floor(d) - 1) && n <= CHECK_PERIOD_S + 1;
      },
    },
  ],
  hints: {
    static: [
      {
        zh: '`ip route del 10.244.0.0/24`，然后隔一秒看一次：`ip r`，或者 `sleep 1; ip r` 反复几次。',
        en: '`ip route del 10.244.0.0/24`, then look every second: `ip r`, or `sleep 1; ip r` a few times.',
      },
      {
        zh: 'host-gw 后端每 10 秒检查一遍自己的路由表，缺了就补上（日志里会有 `Route recovered`）。VXLAN 后端没有这样的检查。',
        en: 'The host-gw backend checks its routes every 10 s and puts missing ones back (the log says `Route recovered`). The VXLAN backend has no such check.',
      },
    ],
    dynamic(world, obs) {
      if (!changes(obs).some((c) => c.detail.startsWith('del ')))
        return { zh: '先把路由删掉。', en: 'Delete the route first.' };
      if (!routeBack(world))
        return {
          zh: '路由还没回来，再等几秒，用 `ip r` 看。',
          en: 'Not back yet: wait a few seconds and look with `ip r`.',
        };
      const d = healDelay(obs);
      if (d !== undefined && d <= 0.5)
        return {
          zh: '路由是你自己马上加回去的。再删一次，这次别动它。',
          en: 'You put the route back yourself right away. Delete it again and leave it alone this time.',
        };
      return undefined;
    },
  },
  solution: [
    'ip r',
    'ip route del 10.244.0.0/24',
    'ip r',
    'sleep 5',
    'ip r',
    'sleep 5',
    'ip r',
    'answer seconds=10',
    'check',
  ],
  wrong: [
    // Re-adding the route by hand hides what flanneld would have done.
    'ip route del 10.244.0.0/24',
    'ip route add 10.244.0.0/24 via 10.7.160.190 dev eth0',
    'answer seconds=0',
    'check',
  ],
};
