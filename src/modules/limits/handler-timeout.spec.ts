import type { FastifyReply } from 'fastify';
import { HandlerDeadlines } from './handler-timeout';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const reply = (name: string): FastifyReply => ({ name }) as unknown as FastifyReply;

describe('HandlerDeadlines', () => {
  it('expires each reply still waiting no earlier than its deadline, in order; a reply taken out never expires', async () => {
    const expired: Array<{ name: string; after: number }> = [];
    const started = performance.now();
    const deadlines = new HandlerDeadlines(40, (r) => expired.push({ name: (r as unknown as { name: string }).name, after: performance.now() - started }));
    const a = reply('a');
    const b = reply('b');
    const c = reply('c');
    deadlines.add(a);
    await sleep(15);
    deadlines.add(b);
    deadlines.add(c);
    deadlines.delete(a); // answered in time: the timer armed for it finds b and c not yet due
    await sleep(90);
    expect(expired.map((e) => e.name)).toEqual(['b', 'c']);
    for (const e of expired) {
      expect(e.after).toBeGreaterThanOrEqual(15 + 40 - 1); // added at >= 15 ms, due 40 ms later (never early; ms granularity)
    }
  });

  it('keeps one timer for the first reply due and arms the next after it fires', async () => {
    const expired: string[] = [];
    const deadlines = new HandlerDeadlines(20, (r) => expired.push((r as unknown as { name: string }).name));
    deadlines.add(reply('first'));
    await sleep(50);
    expect(expired).toEqual(['first']);
    deadlines.add(reply('second'));
    await sleep(50);
    expect(expired).toEqual(['first', 'second']);
  });

  it('takes a reply out from anywhere in the list (middle, tail, twice) and keeps the rest in order', async () => {
    const expired: string[] = [];
    const deadlines = new HandlerDeadlines(20, (r) => expired.push((r as unknown as { name: string }).name));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(reply) as [FastifyReply, FastifyReply, FastifyReply, FastifyReply];
    deadlines.add(a);
    deadlines.add(b);
    deadlines.add(c);
    deadlines.delete(b);
    deadlines.delete(c);
    deadlines.delete(c);
    deadlines.add(d);
    await sleep(60);
    expect(expired).toEqual(['a', 'd']);
  });
});
