// Seeds for property and fuzz tests. CI runs each suite with its own fixed seed, so a run is
// reproducible and cannot fail by chance; FUZZ_SEED=<n> replays or explores another seed.
// fast-check prints the seed (and the path to the counterexample) when a property fails;
// hand-rolled loops put `seedNote(...)` in their assertion messages.
export const FUZZ_SEED_VARIABLE = 'FUZZ_SEED';

export function fuzzSeed(fixed: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[FUZZ_SEED_VARIABLE];
  if (text === undefined || text === '') {
    return fixed;
  }
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`${FUZZ_SEED_VARIABLE} must be an integer, not ${JSON.stringify(text)}`);
  }
  return seed;
}

export function seedNote(seed: number): string {
  return `seed ${seed} (replay with ${FUZZ_SEED_VARIABLE}=${seed})`;
}
