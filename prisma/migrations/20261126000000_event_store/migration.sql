-- The event log is the source of truth; every other table here is a read model rebuilt from it
-- (npm run projections:rebuild). Committed migrations are never edited: _prisma_migrations
-- stores a sha256 of this file and both our migrate() and `prisma migrate deploy` compare it.

-- CreateTable
CREATE TABLE "events" (
    -- Gapless: assigned as max+1 under an advisory lock by the writer, never by a sequence,
    -- because a sequence leaves holes when a transaction rolls back.
    "position" BIGINT NOT NULL,
    "stream" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    -- Millisecond precision: the hash covers recordedAt as JavaScript's ISO string, so the
    -- stored value must round-trip through a JS Date exactly.
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "hash" TEXT NOT NULL,
    "prev_hash" TEXT NOT NULL,
    -- Set on the first event of a command only (every event of the command carries the key in
    -- metadata), so one key names one command however many events it appended.
    "idempotency_key" TEXT,

    CONSTRAINT "events_pkey" PRIMARY KEY ("position"),
    CONSTRAINT "events_position_check" CHECK ("position" >= 1),
    CONSTRAINT "events_version_check" CHECK ("version" >= 1),
    CONSTRAINT "events_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$')
);

-- CreateIndex
CREATE UNIQUE INDEX "events_stream_version_key" ON "events"("stream", "version");

-- CreateIndex
CREATE UNIQUE INDEX "events_idempotency_key_key" ON "events"("idempotency_key");

-- Immutability is enforced by Postgres itself, not by application discipline: a bug, a console
-- session or a second service cannot rewrite history without first dropping these triggers.
CREATE FUNCTION "events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "events_no_update" BEFORE UPDATE ON "events"
    FOR EACH ROW EXECUTE FUNCTION "events_refuse_change"();
CREATE TRIGGER "events_no_delete" BEFORE DELETE ON "events"
    FOR EACH ROW EXECUTE FUNCTION "events_refuse_change"();
-- Row triggers do not fire on TRUNCATE; it needs its own statement-level trigger.
CREATE TRIGGER "events_no_truncate" BEFORE TRUNCATE ON "events"
    FOR EACH STATEMENT EXECUTE FUNCTION "events_refuse_change"();

-- CreateTable
CREATE TABLE "layouts" (
    "name" TEXT NOT NULL,
    -- Position of the LayoutRegistered event: the registration order GET /layouts lists in.
    "position" BIGINT NOT NULL,
    "revision" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "provenance" JSONB,
    "imported" BOOLEAN NOT NULL,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "deprecation_reason" TEXT,
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    -- Position of the last event that changed this row.
    "updated_position" BIGINT NOT NULL,

    CONSTRAINT "layouts_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "layouts_position_key" ON "layouts"("position");

-- CreateIndex
CREATE INDEX "layouts_fingerprint_idx" ON "layouts"("fingerprint");

-- CreateTable
CREATE TABLE "layout_fields" (
    "layout_name" TEXT NOT NULL,
    -- Declaration order, from 0.
    "ordinal" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "offset" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "bitfields" JSONB,
    "line" INTEGER,
    "column" INTEGER,

    CONSTRAINT "layout_fields_pkey" PRIMARY KEY ("layout_name", "ordinal")
);

-- AddForeignKey
ALTER TABLE "layout_fields" ADD CONSTRAINT "layout_fields_layout_name_fkey" FOREIGN KEY ("layout_name") REFERENCES "layouts"("name") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "aliases" (
    "from_name" TEXT NOT NULL,
    "to_name" TEXT NOT NULL,
    "position" BIGINT NOT NULL,

    CONSTRAINT "aliases_pkey" PRIMARY KEY ("from_name")
);

-- CreateTable
CREATE TABLE "policy" (
    -- One row at most: the current registration policy. No row means the default policy.
    "id" INTEGER NOT NULL DEFAULT 1,
    "mode" TEXT NOT NULL,
    "transitive" BOOLEAN NOT NULL,
    "same_revision" TEXT NOT NULL,
    "position" BIGINT NOT NULL,

    CONSTRAINT "policy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "policy_single_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "projection_checkpoints" (
    "name" TEXT NOT NULL,
    -- The last event position this projection has applied; read models are exactly the fold
    -- of events 1..position.
    "position" BIGINT NOT NULL,

    CONSTRAINT "projection_checkpoints_pkey" PRIMARY KEY ("name")
);
