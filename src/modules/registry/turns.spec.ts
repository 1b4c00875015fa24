import { Turns } from './turns';

describe('Turns', () => {
  it('runs at most `size` tasks at once, the rest in arrival order, and frees the slot on failure', async () => {
    const turns = new Turns(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async (): Promise<number> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      order.push(i);
      if (i === 1) {
        throw new Error('one fails');
      }
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => turns.run(task(i))));
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await turns.run(async () => 'after')).toBe('after');
  });
});
