package dev.qiuth.store.postgres;

import dev.qiuth.StoreUnavailableException;
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
 * admin.revoke("billing");
 * }</pre>
 */
public final class PostgresKeyAdmin {
    /** The NOTIFY channel; payloads are {@code add:<id>}, {@code update:<id>}, {@code revoke:<id>}. */
    public static final String CHANNEL = "qiuth_keys";

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
     * and returns it changed. The API key itself cannot change here (rotation is a later step).
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
                throw new IllegalArgumentException("update cannot change the API key of '" + id + "'");
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
     * Revokes a key: every node refuses it once the notice arrives (within a second), or
     * at the latest when its cache entry expires.
     *
     * @return false when there is no such key or it was already revoked
     */
    public boolean revoke(String id) {
        Instant now = clock.instant();
        return inTransaction(c -> {
            int changed;
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE qiuth_keys SET revoked = true, revoked_at = ?, updated_at = ? WHERE id = ? AND NOT revoked")) {
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
     * Encrypts every stored secret again under the master key's primary (newest) key; after it,
     * the older keys can be dropped ({@link MasterKey#primaryOnly}). One transaction: a failure
     * changes nothing. The secrets themselves do not change, so no cache is invalidated.
     *
     * @return how many keys had a secret re-encrypted
     */
    public int rewrap() {
        Instant now = clock.instant();
        return inTransaction(c -> {
            List<KeyRow> rows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT " + KeyRow.COLUMNS + " FROM qiuth_keys "
                    + "WHERE totp_secret_enc IS NOT NULL OR hmac_secret_enc IS NOT NULL ORDER BY id FOR UPDATE");
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
            MasterKeyCheck.rewrap(c, masterKey);
            return rows.size();
        });
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
