-- Key rotation. The key store file holds the KEK material; PostgreSQL holds what every gateway
-- instance must agree on: which versions exist, which one is current, which are destroyed, and how
-- far the re-wrap of old ciphertexts has come. Instances poll kek_versions and reload their key
-- ring when it names a version they lack (or still hold one it marks destroyed).

CREATE TABLE kek_versions (
    version         integer PRIMARY KEY CHECK (version > 0),
    -- active: the current KEK, wraps new data keys; retired: still opens old ciphertexts;
    -- destroyed: gone from the key store, nothing may name it any more.
    status          text NOT NULL CHECK (status IN ('active', 'retired', 'destroyed')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    retired_at      timestamptz,
    destroyed_at    timestamptz,
    destroyed_by    text,
    CHECK ((status = 'active') = (retired_at IS NULL)),
    CHECK ((status = 'destroyed') = (destroyed_at IS NOT NULL))
);
-- At most one current version.
CREATE UNIQUE INDEX kek_versions_one_active_uq ON kek_versions ((true)) WHERE status = 'active';

-- One row per rotation: the re-wrap job's progress, updated in the same transaction as each batch,
-- so a crash loses at most the batch in flight.
CREATE TABLE key_rotations (
    id                  text PRIMARY KEY CHECK (id ~ '^rot_[A-Za-z0-9]{16,40}$'),
    from_version        integer NOT NULL CHECK (from_version > 0),
    to_version          integer NOT NULL UNIQUE REFERENCES kek_versions (version),
    status              text NOT NULL DEFAULT 'rewrapping' CHECK (status IN ('rewrapping', 'completed')),
    cards_total         bigint NOT NULL DEFAULT 0 CHECK (cards_total >= 0),
    cards_rewrapped     bigint NOT NULL DEFAULT 0 CHECK (cards_rewrapped >= 0),
    tokens_total        bigint NOT NULL DEFAULT 0 CHECK (tokens_total >= 0),
    tokens_rewrapped    bigint NOT NULL DEFAULT 0 CHECK (tokens_rewrapped >= 0),
    requested_by        text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    CHECK (to_version > from_version),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
-- One re-wrap at a time: a rotation is refused while another is still moving ciphertexts.
CREATE UNIQUE INDEX key_rotations_one_running_uq ON key_rotations ((true)) WHERE status = 'rewrapping';

-- Each running instance says which KEK version it seals under. A rotation completes only when no
-- live instance still seals under an old version (one that has not reloaded yet would otherwise
-- keep adding cards under it after the job had finished).
CREATE TABLE kek_instances (
    instance_id     text PRIMARY KEY CHECK (length(instance_id) BETWEEN 1 AND 100),
    host            text CHECK (length(host) <= 255),
    kek_version     integer NOT NULL CHECK (kek_version > 0),
    started_at      timestamptz NOT NULL DEFAULT now(),
    seen_at         timestamptz NOT NULL DEFAULT now()
);

-- The KEK version of a sealed token value, read from the blob itself (format byte, then the
-- version as a big-endian int), so no writer can record it wrongly; re-wrap walks and counts
-- tokens by it.
ALTER TABLE tokens ADD COLUMN token_kek_version integer GENERATED ALWAYS AS (
    CASE WHEN octet_length(token_sealed) >= 5
         THEN (get_byte(token_sealed, 1) << 24) | (get_byte(token_sealed, 2) << 16)
              | (get_byte(token_sealed, 3) << 8) | get_byte(token_sealed, 4)
    END) STORED;
CREATE INDEX tokens_token_kek_version_idx ON tokens (token_kek_version, id);

-- A card's kek_version column must name the version inside its blob: destroying a version is
-- allowed only when no row names it, so the column must not be able to lie.
ALTER TABLE cards ADD CONSTRAINT cards_kek_version_matches_blob CHECK (
    sealed IS NULL
    OR kek_version = ((get_byte(sealed, 1) << 24) | (get_byte(sealed, 2) << 16)
                      | (get_byte(sealed, 3) << 8) | get_byte(sealed, 4)));
