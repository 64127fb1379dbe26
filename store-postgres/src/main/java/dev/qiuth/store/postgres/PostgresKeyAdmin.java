package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.Factor;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.totp.TotpConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Adds, changes, revokes and lists keys; what the CLI calls. Every change runs in one
 * transaction with a {@code NOTIFY} on {@value #CHANNEL}, so every node's
 * {@link KeyChangeListener} drops its cached copy when the change commits (and not before).
 * Nothing here returns or logs a secret: {@link StoredKey} holds none.
 *
 * <pre>{@code
 * PostgresKeyAdmin admin = PostgresKeyAdmin.create(pool, MasterKey.fromEnvironment());
 * admin.add(NewKey.builder().id("billing").apiKey(apiKey).hmac(Secret.of(hmac), Duration.ofMinutes(5)).build());
 * admin.update("billing", k -> k.scopes("orders:read", "orders:write"));
 * admin.startRotation("billing", Rotation.builder(Duration.ofDays(7)).apiKey(newApiKey).build());
 * admin.completeRotation("billing");           // or cancelRotation, or let the deadline pass
 * admin.revoke("billing");
 * }</pre>
 */
public final class PostgresKeyAdmin {
    /** The NOTIFY channel; payloads are {@code add:<id>}, {@code update:<id>}, {@code rotate:<id>}, {@code revoke:<id>}. */
    public static final String CHANNEL = "qiuth_keys";
    /** The advisory lock taken by changes that bring in an API key ("qiuth" in ASCII). */
    private static final long API_KEYS_LOCK = 0x7169757468L;

    private final DataSource dataSource;
    private final MasterKey masterKey;
    private final Clock clock;

    private PostgresKeyAdmin(DataSource dataSource, MasterKey masterKey, Clock clock) {
        this.dataSource = dataSource;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    public static PostgresKeyAdmin create(DataSource dataSource, MasterKey masterKey) {
        return create(dataSource, masterKey, Clock.systemUTC());
    }

    /**
     * @throws IllegalStateException naming {@value MasterKey#VARIABLE} when the master key is not
     *                               the database's, or when the schema was not migrated
     */
    public static PostgresKeyAdmin create(DataSource dataSource, MasterKey masterKey, Clock clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(masterKey, "masterKey");
        try (Connection c = dataSource.getConnection()) {
            PostgresKeySchema.requireCurrent(c);
            MasterKeyCheck.verify(c, masterKey);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return new PostgresKeyAdmin(dataSource, masterKey, clock);
    }

    /**
     * Stores a new key.
     *
     * @throws IllegalArgumentException when a key with this id or this API key already exists
     */
    public StoredKey add(NewKey key) {
        key.toPolicy(false); // a NewKey made with its constructor skipped the builder's checks
        Instant now = clock.instant();
        return inTransaction(c -> {
            lockApiKeys(c);
            if (apiKeyInUse(c, key.apiKeyHash())) {
                throw new IllegalArgumentException("a key with id '" + key.id() + "' or with the same API key already exists");
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO qiuth_keys (id, created_at, "
                    + KeyRow.WRITTEN + ") VALUES (?, ?, " + KeyRow.WRITTEN_PLACEHOLDERS + ")")) {
                st.setString(1, key.id());
                KeyRow.setInstant(st, 2, now);
                KeyRow.bind(st, c, key, masterKey, now, 3);
                st.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw new IllegalArgumentException("a key with id '" + key.id() + "' or with the same API key already exists");
                }
                throw e;
            }
            notify(c, "add", key.id());
            return select(c, key.id(), false).orElseThrow();
        });
    }

    /**
     * Changes a key: the function gets a builder holding every stored value (secrets included)
     * and returns it changed. The API key itself cannot change here ({@link #startRotation} changes it),
     * and during a rotation a factor being rotated cannot be removed.
     *
     * @throws IllegalArgumentException when there is no such key, or the change is invalid
     */
    public StoredKey update(String id, UnaryOperator<NewKey.Builder> change) {
        Instant now = clock.instant();
        return inTransaction(c -> {
            KeyRow row = selectRow(c, id, true).orElseThrow(() -> noSuchKey(id));
            NewKey current = row.toNewKey(masterKey);
            NewKey changed = change.apply(current.toBuilder()).id(id).build();
            if (!changed.apiKeyHash().matches(current.apiKeyHash())) {
                throw new IllegalArgumentException("update cannot change the API key of '" + id + "' (rotate it instead)");
            }
            if (row.rotation() != null) {
                requireRotatingFactorsKept(id, row.rotation(), changed);
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE qiuth_keys SET (" + KeyRow.WRITTEN + ") = ("
                    + KeyRow.WRITTEN_PLACEHOLDERS + ") WHERE id = ?")) {
                int next = KeyRow.bind(st, c, changed, masterKey, now, 1);
                st.setString(next, id);
                st.executeUpdate();
            }
            notify(c, "update", id);
            return select(c, id, false).orElseThrow();
        });
    }

    /**
     * Revokes a key, ending any rotation (its previous credentials are dropped too): every node
     * refuses it once the notice arrives (within a second), or at the latest when its cache entry
     * expires.
     *
     * @return false when there is no such key or it was already revoked
     */
    public boolean revoke(String id) {
        Instant now = clock.instant();
        return inTransaction(c -> {
            int changed;
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE qiuth_keys SET revoked = true, revoked_at = ?, updated_at = ?, " + RotationRow.CLEARED
                            + " WHERE id = ? AND NOT revoked")) {
                KeyRow.setInstant(st, 1, now);
                KeyRow.setInstant(st, 2, now);
                st.setString(3, id);
                changed = st.executeUpdate();
            }
            if (changed > 0) {
                notify(c, "revoke", id);
            }
            return changed > 0;
        });
    }

    /** Every key, by id, without secrets. */
    public List<StoredKey> list() {
        return inTransaction(c -> {
            List<StoredKey> keys = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT " + KeyRow.COLUMNS + " FROM qiuth_keys ORDER BY id");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.add(KeyRow.read(rs).toStoredKey());
                }
            }
            return keys;
        });
    }

    /** One key without secrets; empty when there is none. */
    public Optional<StoredKey> show(String id) {
        return inTransaction(c -> select(c, id, false));
    }

    /**
     * Encrypts every stored secret (the previous ones of a rotation too) again under the master key's primary (newest) key; after it,
     * the older keys can be dropped ({@link MasterKey#primaryOnly}). One transaction: a failure
     * changes nothing. The secrets themselves do not change, so no cache is invalidated. The
     * master key check ({@code qiuth_master_key_check}) is encrypted again too, in the same
     * transaction, so once the old keys are dropped a node still holding only them stops at start.
     *
     * @return how many keys had a secret re-encrypted
     */
    public int rewrap() {
        Instant now = clock.instant();
        return inTransaction(c -> {
            List<KeyRow> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT " + KeyRow.COLUMNS + " FROM qiuth_keys "
                    + "WHERE totp_secret_enc IS NOT NULL OR hmac_secret_enc IS NOT NULL "
                    + "OR previous_totp_secret_enc IS NOT NULL OR previous_hmac_secret_enc IS NOT NULL ORDER BY id FOR UPDATE");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(KeyRow.read(rs));
                }
            }
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE qiuth_keys SET (" + KeyRow.WRITTEN + ") = (" + KeyRow.WRITTEN_PLACEHOLDERS + ") WHERE id = ?")) {
                for (KeyRow row : rows) {
                    int next = KeyRow.bind(st, c, row.toNewKey(masterKey), masterKey, row.updatedAt(), 1);
                    st.setString(next, row.id());
                    st.addBatch();
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE qiuth_keys SET previous_totp_secret_enc = ?, previous_hmac_secret_enc = ? WHERE id = ?")) {
                for (KeyRow row : rows) {
                    if (row.rotation() != null) {
                        st.setBytes(1, row.rotation().rewrappedTotp(row.id(), masterKey));
                        st.setBytes(2, row.rotation().rewrappedHmac(row.id(), masterKey));
                        st.setString(3, row.id());
                        st.addBatch();
                    }
                }
                st.executeBatch();
            }
            MasterKeyCheck.rewrap(c, masterKey);
            return rows.size();
        });
    }

    /**
     * Starts a rotation: in one transaction the key's current credentials named in the request
     * become its previous ones, the request's become current, and the previous stay accepted
     * until now + {@code request.transition()}. Every node hears of it ({@code rotate:<id>}) and
     * then grants both generations; after the deadline the engine refuses the previous ones, and
     * {@link #completeRotation} drops them from the row. The max ages of signatures stay the key's.
     *
     * <pre>{@code
     * admin.startRotation("billing", Rotation.builder(Duration.ofDays(7)).apiKey(newApiKey).hmac(Secret.of(newHmac)).build());
     * }</pre>
     *
     * @throws IllegalArgumentException when there is no such key, it is revoked, a rotation is
     *                                  still open, the key lacks a factor the request rotates, a new
     *                                  credential equals the current one, or the new API key is in
     *                                  use (the message names no secret)
     */
    public StoredKey startRotation(String id, Rotation request) {
        Objects.requireNonNull(request, "request");
        Instant now = clock.instant();
        Instant until = now.plus(request.transition());
        return inTransaction(c -> {
            lockApiKeys(c);
            KeyRow row = selectRow(c, id, true).orElseThrow(() -> noSuchKey(id));
            if (row.revoked()) {
                throw new IllegalArgumentException("key '" + id + "' is revoked: it cannot rotate");
            }
            if (row.rotation() != null && row.rotation().until().isAfter(now)) {
                throw new IllegalArgumentException("key '" + id + "' already has a rotation open (" + row.rotation().factors()
                        + " until " + row.rotation().until() + "): complete or cancel it first");
            }
            NewKey current = row.toNewKey(masterKey);
            NewKey.Builder next = current.toBuilder();
            ApiKeyHash previousHash = null;
            if (request.newApiKeyHash() != null) {
                if (request.newApiKeyHash().matches(current.apiKeyHash())) {
                    throw new IllegalArgumentException("the new API key of '" + id + "' is its current one");
                }
                if (apiKeyInUse(c, request.newApiKeyHash())) {
                    throw new IllegalArgumentException("the new API key of '" + id
                            + "' is already in use by a key (as its current or previous API key)");
                }
                next.apiKeyHash(request.newApiKeyHash());
                previousHash = current.apiKeyHash();
            }
            TotpConfig previousTotp = null;
            if (request.newTotp() != null) {
                if (current.totp() == null) {
                    throw lacksFactor(id, "TOTP");
                }
                if (sameSecret(request.newTotp().base32Secret(), current.totp().base32Secret())) {
                    throw new IllegalArgumentException("the new TOTP secret of '" + id + "' is its current one");
                }
                next.totp(request.newTotp());
                previousTotp = current.totp();
            }
            String previousPem = null;
            if (request.newCertificatePem() != null) {
                if (current.certificatePem() == null) {
                    throw lacksFactor(id, "certificate");
                }
                if (request.newCertificatePem().strip().equals(current.certificatePem().strip())) {
                    throw new IllegalArgumentException("the new public key of '" + id + "' is its current one");
                }
                next.certificate(request.newCertificatePem(), current.certificateMaxAge());
                previousPem = current.certificatePem();
            }
            Secret previousHmac = null;
            if (request.newHmacSecret() != null) {
                if (current.hmacSecret() == null) {
                    throw lacksFactor(id, "HMAC");
                }
                if (request.newHmacSecret().equals(current.hmacSecret())) {
                    throw new IllegalArgumentException("the new HMAC secret of '" + id + "' is its current one");
                }
                next.hmac(request.newHmacSecret(), current.hmacMaxAge());
                previousHmac = current.hmacSecret();
            }
            NewKey rotated = next.build(); // the engine's checks on the new values (PEM, secret length)
            RotationRow.Previous previous = new RotationRow.Previous(previousHash, previousTotp, previousPem,
                    previousPem == null ? null : current.certificateMaxAge(), previousHmac,
                    previousHmac == null ? null : current.hmacMaxAge());
            write(c, rotated, previous, now, until, now);
            notify(c, "rotate", id);
            return select(c, id, false).orElseThrow();
        });
    }

    /**
     * Ends a rotation now: the previous credentials are dropped and refused on every node once the
     * notice arrives, even before the rotation's deadline.
     *
     * @throws IllegalArgumentException when there is no such key or it has no rotation
     */
    public StoredKey completeRotation(String id) {
        Instant now = clock.instant();
        return inTransaction(c -> {
            KeyRow row = selectRow(c, id, true).orElseThrow(() -> noSuchKey(id));
            if (row.rotation() == null) {
                throw new IllegalArgumentException("key '" + id + "' has no rotation to complete");
            }
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE qiuth_keys SET updated_at = ?, " + RotationRow.CLEARED + " WHERE id = ?")) {
                KeyRow.setInstant(st, 1, now);
                st.setString(2, id);
                st.executeUpdate();
            }
            notify(c, "update", id);
            return select(c, id, false).orElseThrow();
        });
    }

    /**
     * Undoes a rotation: the previous credentials become current again and the new ones are
     * dropped (and refused on every node once the notice arrives).
     *
     * @throws IllegalArgumentException when there is no such key or it has no rotation
     */
    public StoredKey cancelRotation(String id) {
        Instant now = clock.instant();
        return inTransaction(c -> {
            KeyRow row = selectRow(c, id, true).orElseThrow(() -> noSuchKey(id));
            if (row.rotation() == null) {
                throw new IllegalArgumentException("key '" + id + "' has no rotation to cancel");
            }
            RotationRow.Previous previous = row.rotation().decrypt(id, masterKey);
            NewKey.Builder restored = row.toNewKey(masterKey).toBuilder();
            if (previous.apiKeyHash() != null) {
                restored.apiKeyHash(previous.apiKeyHash());
            }
            if (previous.totp() != null) {
                restored.totp(previous.totp());
            }
            if (previous.certificatePem() != null) {
                restored.certificate(previous.certificatePem(), previous.certificateMaxAge());
            }
            if (previous.hmacSecret() != null) {
                restored.hmac(previous.hmacSecret(), previous.hmacMaxAge());
            }
            write(c, restored.build(), null, null, null, now);
            notify(c, "update", id);
            return select(c, id, false).orElseThrow();
        });
    }

    /** Writes a key's credentials and its rotation (null: none) in one statement. */
    private void write(Connection c, NewKey key, RotationRow.Previous previous, Instant startedAt, Instant until,
            Instant now) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE qiuth_keys SET (" + KeyRow.WRITTEN + ", "
                + RotationRow.WRITTEN + ") = (" + KeyRow.WRITTEN_PLACEHOLDERS + ", " + RotationRow.WRITTEN_PLACEHOLDERS
                + ") WHERE id = ?")) {
            int next = KeyRow.bind(st, c, key, masterKey, now, 1);
            next = RotationRow.bind(st, key.id(), previous, startedAt, until, masterKey, next);
            st.setString(next, key.id());
            st.executeUpdate();
        }
    }

    private static void requireRotatingFactorsKept(String id, RotationRow rotation, NewKey changed) {
        Set<Factor> rotating = rotation.factors();
        if (rotating.contains(Factor.TOTP) && changed.totp() == null
                || rotating.contains(Factor.CERTIFICATE) && changed.certificatePem() == null
                || rotating.contains(Factor.HMAC) && changed.hmacSecret() == null) {
            throw new IllegalArgumentException("key '" + id + "' is rotating " + rotating
                    + ": complete or cancel the rotation before removing one of these factors");
        }
    }

    private static IllegalArgumentException lacksFactor(String id, String factor) {
        return new IllegalArgumentException("key '" + id + "' has no " + factor
                + ": a rotation changes credentials, it does not add factors (add " + factor + " with update)");
    }

    private static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Serializes the changes that bring in an API key (add, start of a rotation), so that the check
     * that no key uses it, as current or previous key, holds until commit: one index cannot span
     * both columns.
     */
    private static void lockApiKeys(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            st.setLong(1, API_KEYS_LOCK);
            st.execute();
        }
    }

    private static boolean apiKeyInUse(Connection c, ApiKeyHash hash) throws SQLException {
        byte[] bytes = hash.toBytes();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 1 FROM qiuth_keys WHERE api_key_sha256 = ? OR previous_api_key_sha256 = ?")) {
            st.setBytes(1, bytes);
            st.setBytes(2, bytes);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Optional<StoredKey> select(Connection c, String id, boolean forUpdate) throws SQLException {
        return selectRow(c, id, forUpdate).map(KeyRow::toStoredKey);
    }

    private static Optional<KeyRow> selectRow(Connection c, String id, boolean forUpdate) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + KeyRow.COLUMNS + " FROM qiuth_keys WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(KeyRow.read(rs)) : Optional.empty();
            }
        }
    }

    private static void notify(Connection c, String change, String id) throws SQLException {
        // delivered at commit, and only if the transaction commits
        try (PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, CHANNEL);
            st.setString(2, change + ":" + id);
            st.execute();
        }
    }

    private static IllegalArgumentException noSuchKey(String id) {
        return new IllegalArgumentException("no key with id '" + id + "'");
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static StoreUnavailableException unavailable(SQLException e) {
        // no cause and no driver message: it may quote the connection string or a value
        return new StoreUnavailableException("PostgreSQL did not complete the key change ("
                + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ")");
    }
}
