-- Ops credentials live apart from merchant keys: their own table, roles and password hashes.
CREATE TABLE ops_users (
    username        text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    password_hash   text NOT NULL CHECK (length(password_hash) BETWEEN 20 AND 500),
    role            text NOT NULL CHECK (role IN ('admin', 'auditor')),
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_by      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Failed authentications per source address and minute, shared by every gateway instance.
CREATE TABLE auth_failures (
    source_ip       inet NOT NULL,
    window_start    timestamptz NOT NULL,
    failures        integer NOT NULL CHECK (failures > 0),
    PRIMARY KEY (source_ip, window_start)
);
CREATE INDEX auth_failures_window_idx ON auth_failures (window_start);
