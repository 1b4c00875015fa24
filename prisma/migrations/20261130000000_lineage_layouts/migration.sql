-- A lineage's layouts in history order, kept on its row: the order is the fold's (a catalog
-- layout imported by an upgrade goes before the later layouts its catalog names), not always
-- registration order. Existing rows get registration order, which is what their fold gave.
ALTER TABLE "lineages" ADD COLUMN "layouts" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

UPDATE "lineages" SET "layouts" = ARRAY(
  SELECT "name" FROM "layouts" WHERE "layouts"."lineage" = "lineages"."name" ORDER BY "position"
);
