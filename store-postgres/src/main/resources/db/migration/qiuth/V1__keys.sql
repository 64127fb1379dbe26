-- Qiuth keys, version 1. Applied by PostgresKeySchema.migrate(), history in qiuth_schema_history.
--
-- Secrets at rest: the API key only as its SHA-256; the TOTP and HMAC secrets as Tink AEAD
-- ciphertexts (AES256-GCM) under the master key given in QIUTH_MASTER_KEY, which is never here.
-- The associated data of each ciphertext names its row and column, so a ciphertext copied
-- elsewhere does not decrypt.
--
-- Room for credential rotation (V2): a table qiuth_key_credentials(key_id, generation,
-- api_key_sha256 UNIQUE, totp_secret_enc, hmac_secret_enc, not_after) will hold several
-- generations per key, filled from the columns api_key_sha256, totp_secret_enc and
-- hmac_secret_enc below, which then become generation 1.

CREATE TABLE qiuth_keys (
    id                          text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    api_key_sha256              bytea       NOT NULL CHECK (length(api_key_sha256) = 32),
    name                        text        NOT NULL,
    owner                       text,
    scopes                      text[]      NOT NULL DEFAULT '{}',
    metadata                    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    expires_at                  timestamptz,
    revoked                     boolean     NOT NULL DEFAULT false,
    revoked_at                  timestamptz,
    rate_limit                  integer     CHECK (rate_limit >= 1),
    rate_limit_window_ms        bigint      CHECK (rate_limit_window_ms >= 1000),
    ip_allowlist                text[],
    trusted_proxies             text[],
    totp_secret_enc             bytea,
    totp_algorithm              text        CHECK (totp_algorithm IN ('SHA1', 'SHA256', 'SHA512')),
    totp_digits                 integer,
    totp_step_seconds           integer,
    totp_window                 integer,
    totp_single_use             boolean,
    certificate_pem             text,
    certificate_max_age_seconds bigint,
    hmac_secret_enc             bytea,
    hmac_max_age_seconds        bigint,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    last_used_at                timestamptz,
    CHECK ((rate_limit IS NULL) = (rate_limit_window_ms IS NULL)),
    CHECK (trusted_proxies IS NULL OR ip_allowlist IS NOT NULL),
    CHECK ((totp_secret_enc IS NULL) = (totp_algorithm IS NULL)),
    CHECK ((certificate_pem IS NULL) = (certificate_max_age_seconds IS NULL)),
    CHECK ((hmac_secret_enc IS NULL) = (hmac_max_age_seconds IS NULL))
);

-- the one index every request uses
CREATE UNIQUE INDEX qiuth_keys_api_key_sha256 ON qiuth_keys (api_key_sha256);

-- one ciphertext of a known text: a store that starts with the wrong master key finds out here
CREATE TABLE qiuth_master_key_check (
    id         integer PRIMARY KEY CHECK (id = 1),
    ciphertext bytea   NOT NULL
);
