package dev.qiuth.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the keys live when they are in PostgreSQL: {@code QIUTH_JDBC_URL}, {@code QIUTH_JDBC_USER},
 * {@code QIUTH_JDBC_PASSWORD} and {@code QIUTH_MASTER_KEY} (the key that encrypts the stored
 * secrets). {@link #toString()} shows neither the password nor the master key, and no part of
 * the URL after the database name (it may carry a password).
 *
 * <pre>{@code
 * EnvironmentConfig.from(System.getenv()).database().ifPresent(db -> connect(db.jdbcUrl(), db.user(), db.password()));
 * }</pre>
 *
 * @param jdbcUrl   a {@code jdbc:postgresql:} URL
 * @param user      the database user, or null for the driver's default (or the URL's)
 * @param password  the database password, or null
 * @param masterKey the master key's value, or null when not set (schema migration needs none)
 */
public record DatabaseSettings(String jdbcUrl, String user, String password, String masterKey) {
    public DatabaseSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            // the URL may carry a password: never quote it
            throw new IllegalArgumentException("the JDBC URL must start with jdbc:postgresql:");
        }
    }

    /** The master key, when set. */
    public Optional<String> masterKeyValue() {
        return Optional.ofNullable(masterKey);
    }

    /** The same settings with another user and password (a command line's flags). */
    public DatabaseSettings withCredentials(String otherUser, String otherPassword) {
        return new DatabaseSettings(jdbcUrl, otherUser, otherPassword, masterKey);
    }

    @Override
    public String toString() {
        int query = jdbcUrl.indexOf('?');
        String url = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?<redacted>";
        return "DatabaseSettings[jdbcUrl=" + url + ", user=" + user
                + ", password=" + (password == null ? "<none>" : "<redacted>")
                + ", masterKey=" + (masterKey == null ? "<none>" : "<redacted>") + "]";
    }
}
