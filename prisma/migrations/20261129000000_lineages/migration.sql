-- Lineages (contract 0.2): every layout belongs to one, fixed at registration. Layouts
-- registered before lineages existed are mainline, as their events (without `lineage`) say.
ALTER TABLE "layouts" ADD COLUMN "lineage" TEXT NOT NULL DEFAULT 'mainline';

-- A lineage's layouts in registration order; the last one is its head.
CREATE INDEX "layouts_lineage_position_idx" ON "layouts"("lineage", "position");

-- CreateTable
CREATE TABLE "lineages" (
    "name" TEXT NOT NULL,
    -- Fixed by the lineage's first layout; NULL: it branches from nothing.
    "branches_from" TEXT,
    -- Position of the lineage's first LayoutRegistered: the order GET /lineages lists in.
    "position" BIGINT NOT NULL,
    -- The lineage's override of the global policy; NULL: the global one applies.
    "policy" JSONB,
    "updated_position" BIGINT NOT NULL,

    CONSTRAINT "lineages_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "reserved_names" (
    -- A field name that is reserved bytes in every layout from this event on.
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "position" BIGINT NOT NULL,

    CONSTRAINT "reserved_names_pkey" PRIMARY KEY ("name")
);

-- A registry whose layouts predate lineages holds one lineage: mainline.
INSERT INTO "lineages" ("name", "branches_from", "position", "policy", "updated_position")
SELECT 'mainline', NULL, min("position"), NULL, min("position") FROM "layouts" HAVING count(*) > 0;
