import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GOLDEN_DIR = path.resolve(__dirname, '../fixtures/golden');

// Golden files (plans, emitted C) are committed and reviewed like code; UPDATE_GOLDEN=1
// rewrites them after a deliberate change, and the diff shows what changed.
export function expectGolden(file: string, text: string): void {
  const at = path.join(GOLDEN_DIR, file);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(at, text);
  }
  expect(text).toBe(readFileSync(at, 'utf8'));
}
