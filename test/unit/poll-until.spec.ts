import { isTrue, pollUntil } from '../support/poll-until';

describe('pollUntil', () => {
  it('asks until the answer is accepted and resolves to that answer', async () => {
    let calls = 0;
    const answer = await pollUntil('the third call', () => ++calls, (n) => n === 3, { intervalMs: 1 });
    expect(answer).toBe(3);
    expect(calls).toBe(3);
  });

  it('narrows to what a type guard accepts', async () => {
    const seen = [undefined, 'x'];
    const found: string = await pollUntil('a value', () => seen.shift(), (v) => v !== undefined, { intervalMs: 1 });
    expect(found).toBe('x');
  });

  it('fails past the deadline with what it waited for, the last answer and the context', async () => {
    let calls = 0;
    const wait = pollUntil('the counter to reach 99', () => ++calls, (n) => n === 99, { timeoutMs: 30, intervalMs: 5, context: () => 'received: nothing' });
    await expect(wait).rejects.toThrow(/^timed out after 30 ms waiting for the counter to reach 99; last value: \d+; received: nothing$/);
    expect(calls).toBeGreaterThan(1);
  });

  it('ends at once when the probe throws', async () => {
    let calls = 0;
    const wait = pollUntil(
      'never',
      () => {
        calls++;
        throw new Error('the process exited');
      },
      isTrue,
    );
    await expect(wait).rejects.toThrow('the process exited');
    expect(calls).toBe(1);
  });
});
