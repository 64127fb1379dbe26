package dev.qiuth.store.postgres;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.KeyPolicy;
import dev.qiuth.StoreUnavailableException;
import dev.qiuth.store.KeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in PostgreSQL: one indexed query per lookup, on {@code api_key_sha256}, and a second on
 * {@code previous_api_key_sha256} (a key in rotation) only when the first finds nothing, or by the
 * current key again with the rotation's columns when the key is rotating; the TOTP
 * and HMAC secrets (previous ones too) decrypted with the {@link MasterKey}. A rotating key comes back with its {@link dev.qiuth.KeyRotation},
 * an ended one too until it is completed: the engine refuses previous credentials after its deadline. Put a {@link CachingKeyStore} in
 * front of it; the engine then asks the database only on a cache miss.
 *
 * <p>When the database cannot answer, {@link #findByHash} throws
 * {@link StoreUnavailableException} (the engine answers 503) without the driver's message, and
 * logs the failure at most once a minute.
 *
 * <pre>{@code
 * DataSource pool = PostgresPool.create(jdbcUrl, user, password);
 * PostgresKeySchema.migrate(pool);                          // on request, never implied
 * KeyStore keys = PostgresKeyStore.create(pool, MasterKey.fromEnvironment());
 * }</pre>
 */
public final class PostgresKeyStore implements KeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresKeyStore.class);
    /**
     * By the current API key: the lookup of nearly every request, one plain index scan (an OR of the
     * two API key columns would make PostgreSQL combine bitmaps, costlier), without the rotation's
     * columns: a rotating key is read again with {@link #ROTATING_BY_API_KEY}.
     */
    static final String BY_API_KEY = "SELECT " + KeyRow.POLICY_COLUMNS_UNLESS_ROTATING
            + " FROM qiuth_keys WHERE api_key_sha256 = ?";
    /** By the current API key, with the rotation's columns. */
    static final String ROTATING_BY_API_KEY = "SELECT " + KeyRow.POLICY_COLUMNS
            + " FROM qiuth_keys WHERE api_key_sha256 = ?";
    /**
     * By the previous API key of a rotating key, asked only when no key has the hash as its current
     * one: a separate statement rather than a {@code UNION ALL} in the first, whose second branch,
     * though never executed, cost the server a quarter of a lookup's work on every request.
     */
    static final String BY_PREVIOUS_API_KEY = "SELECT " + KeyRow.POLICY_COLUMNS
            + " FROM qiuth_keys WHERE previous_api_key_sha256 = ?";

    private final DataSource dataSource;
    private final MasterKey masterKey;
    private final OutageLog outageLog;

    private PostgresKeyStore(DataSource dataSource, MasterKey masterKey, Clock clock) {
        this.dataSource = dataSource;
        this.masterKey = masterKey;
        this.outageLog = new OutageLog(LOG, clock, Duration.ofMinutes(1));
    }

    /** A store on the system clock; see {@link #create(DataSource, MasterKey, Clock)}. */
    public static PostgresKeyStore create(DataSource dataSource, MasterKey masterKey) {
        return create(dataSource, masterKey, Clock.systemUTC());
    }

    /**
     * Opens the store and checks the master key against the database.
     *
     * @throws IllegalStateException naming {@value MasterKey#VARIABLE} when the master key is not
     *                               the database's, or when the schema was not migrated
     * @throws StoreUnavailableException when the database cannot be reached to check it
     */
    public static PostgresKeyStore create(DataSource dataSource, MasterKey masterKey, Clock clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(masterKey, "masterKey");
        try (Connection c = dataSource.getConnection()) {
            PostgresKeySchema.requireCurrent(c);
            MasterKeyCheck.verify(c, masterKey);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot check " + MasterKey.VARIABLE + ": PostgreSQL did not answer ("
                    + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ")");
        }
        return new PostgresKeyStore(dataSource, masterKey, clock);
    }

    @Override
    public Optional<KeyPolicy> findByHash(ApiKeyHash hash) {
        KeyRow row;
        try (Connection c = dataSource.getConnection()) {
            byte[] sha256 = hash.toBytes();
            // the admin refuses a hash that is one key's current and another's previous
            row = findCurrent(c, sha256);
            if (row == null) {
                row = find(c, BY_PREVIOUS_API_KEY, sha256);
            }
            if (row == null) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            outageLog.failed("key lookup", e);
            // no cause: the driver's message may quote the connection string
            throw new StoreUnavailableException("PostgreSQL key store did not answer (SQLState " + e.getSQLState() + ")");
        }
        try {
            return Optional.of(row.toPolicy(masterKey));
        } catch (KeyRow.SecretDoesNotDecryptException e) {
            outageLog.problem(e.getMessage());
            throw new StoreUnavailableException("key '" + row.id() + "' has a secret that does not decrypt");
        } catch (IllegalArgumentException e) {
            // a row edited by hand into something the engine refuses; its message could quote a value
            outageLog.problem("key '" + row.id() + "' holds values that make no valid policy");
            throw new StoreUnavailableException("key '" + row.id() + "' holds values that make no valid policy");
        }
    }

    /**
     * By the current API key; a rotating key is read again, in one statement, with its rotation (it
     * may have changed in between: then that statement's row, or none, is the answer).
     */
    private static KeyRow findCurrent(Connection c, byte[] sha256) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(BY_API_KEY)) {
            st.setBytes(1, sha256);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!KeyRow.isRotating(rs)) {
                    return KeyRow.readPolicy(rs);
                }
            }
        }
        return find(c, ROTATING_BY_API_KEY, sha256);
    }

    private static KeyRow find(Connection c, String query, byte[] sha256) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(query)) {
            st.setBytes(1, sha256);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? KeyRow.readPolicy(rs) : null;
            }
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String toString() {
        return "PostgresKeyStore[" + masterKey + "]";
    }
}
