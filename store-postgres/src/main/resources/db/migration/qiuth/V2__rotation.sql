-- Qiuth keys, version 2: credential rotation with a transition period.
--
-- While a key rotates, its current columns hold the NEW credentials and these columns the
-- PREVIOUS ones, accepted beside them until rotation_until. One rotation at a time per key (the
-- columns are on the key's row). Only the factors that rotate have a previous value; the
-- previous TOTP and HMAC secrets are encrypted like the current ones, each under its own column
-- name in the associated data (previous_totp_secret_enc, previous_hmac_secret_enc), so a current
-- ciphertext copied into a previous column does not decrypt.
--
-- This replaces the qiuth_key_credentials table sketched in V1: two generations are all a
-- transition needs, and a lookup by either API key stays one indexed query on this table.

ALTER TABLE qiuth_keys
    ADD COLUMN previous_api_key_sha256              bytea CHECK (length(previous_api_key_sha256) = 32),
    ADD COLUMN previous_totp_secret_enc             bytea,
    ADD COLUMN previous_totp_algorithm              text  CHECK (previous_totp_algorithm IN ('SHA1', 'SHA256', 'SHA512')),
    ADD COLUMN previous_totp_digits                 integer,
    ADD COLUMN previous_totp_step_seconds           integer,
    ADD COLUMN previous_totp_window                 integer,
    ADD COLUMN previous_totp_single_use             boolean,
    ADD COLUMN previous_certificate_pem             text,
    ADD COLUMN previous_certificate_max_age_seconds bigint,
    ADD COLUMN previous_hmac_secret_enc             bytea,
    ADD COLUMN previous_hmac_max_age_seconds        bigint,
    ADD COLUMN rotation_started_at                  timestamptz,
    ADD COLUMN rotation_until                       timestamptz,
    ADD CONSTRAINT qiuth_keys_rotation_period
        CHECK ((rotation_started_at IS NULL) = (rotation_until IS NULL) AND rotation_until > rotation_started_at),
    ADD CONSTRAINT qiuth_keys_rotation_has_previous
        CHECK ((rotation_started_at IS NULL) = (previous_api_key_sha256 IS NULL AND previous_totp_secret_enc IS NULL
               AND previous_certificate_pem IS NULL AND previous_hmac_secret_enc IS NULL)),
    ADD CONSTRAINT qiuth_keys_previous_totp
        CHECK ((previous_totp_secret_enc IS NULL) = (previous_totp_algorithm IS NULL)),
    ADD CONSTRAINT qiuth_keys_previous_certificate
        CHECK ((previous_certificate_pem IS NULL) = (previous_certificate_max_age_seconds IS NULL)),
    ADD CONSTRAINT qiuth_keys_previous_hmac
        CHECK ((previous_hmac_secret_enc IS NULL) = (previous_hmac_max_age_seconds IS NULL)),
    ADD CONSTRAINT qiuth_keys_previous_is_not_current
        CHECK (previous_api_key_sha256 <> api_key_sha256);

-- a request with the previous API key finds its key through this index (the lookup ORs both)
CREATE UNIQUE INDEX qiuth_keys_previous_api_key_sha256 ON qiuth_keys (previous_api_key_sha256)
    WHERE previous_api_key_sha256 IS NOT NULL;
