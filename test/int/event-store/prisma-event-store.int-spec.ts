import { eventStoreContract } from '../../support/event-store.contract';
import { openStore } from '../../support/prisma-store';
import { createTestDatabase } from '../../support/test-database';

// The same contract as the in-memory store, against Postgres; a fresh database per test so
// positions start at 1 as the contract expects.
eventStoreContract('prisma (Postgres)', async ({ now }) => {
  const db = await createTestDatabase();
  const instance = openStore(db.url, { now });
  return {
    store: instance.store,
    close: async () => {
      await instance.close();
      await db.drop();
    },
  };
});
