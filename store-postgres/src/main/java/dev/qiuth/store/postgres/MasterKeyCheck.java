package dev.qiuth.store.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The row in {@code qiuth_master_key_check}: one AEAD ciphertext of a known text under the master
 * key, its associated data naming its purpose, so it opens nowhere else and tells nothing about
 * the key (it is not a hash to guess the key against). Written by {@code PostgresKeySchema.migrate}
 * with a master key, or by the first store or admin that starts; checked by every later one. A store
 * given the wrong {@value MasterKey#VARIABLE} stops at start instead of answering 503 for every key
 * with a secret.
 *
 * <p>A database without the row (it was never written, or was deleted) but with secrets gets it
 * only from a master key that opens one of those secrets: the first start after an upgrade
 * cannot bind the database to a key its secrets are not sealed with.
 */
final class MasterKeyCheck {
    private static final byte[] KNOWN_TEXT = "qiuth master key check".getBytes(StandardCharsets.UTF_8);
    private static final String ASSOCIATED_DATA = "qiuth_master_key_check/1/ciphertext";

    private MasterKeyCheck() {
    }

    /**
     * Records the check if there is none yet, then verifies it.
     *
     * @throws IllegalStateException naming {@value MasterKey#VARIABLE} when the key does not decrypt
     *                               the check (or, with no check yet, a stored secret), or naming
     *                               the missing schema
     */
    static void verify(Connection c, MasterKey masterKey) throws SQLException {
        Optional<byte[]> check = stored(c);
        if (check.isEmpty()) {
            requireOpensAStoredSecret(c, masterKey);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO qiuth_master_key_check (id, ciphertext) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setBytes(1, masterKey.encrypt(KNOWN_TEXT, ASSOCIATED_DATA));
                insert.executeUpdate();
            }
            check = stored(c); // another node may have won the race: its row is the one to match
        }
        boolean opens = check.flatMap(ciphertext -> masterKey.decrypt(ciphertext, ASSOCIATED_DATA))
                .map(text -> MessageDigest.isEqual(text, KNOWN_TEXT)).orElse(false);
        if (!opens) {
            throw wrongKey();
        }
    }

    /** Encrypts the check again under the primary key, as part of a rewrap (writes it if it was missing). */
    static void rewrap(Connection c, MasterKey masterKey) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO qiuth_master_key_check (id, ciphertext) "
                + "VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET ciphertext = EXCLUDED.ciphertext")) {
            upsert.setBytes(1, masterKey.encrypt(KNOWN_TEXT, ASSOCIATED_DATA));
            upsert.executeUpdate();
        }
    }

    private static Optional<byte[]> stored(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT ciphertext FROM qiuth_master_key_check WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new IllegalStateException("the Qiuth tables are missing: run PostgresKeySchema.migrate() first");
            }
            throw e;
        }
    }

    /** One stored secret, if any, must open with this key before the key is recorded as the database's. */
    private static void requireOpensAStoredSecret(Connection c, MasterKey masterKey) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, totp_secret_enc, hmac_secret_enc FROM qiuth_keys "
                + "WHERE totp_secret_enc IS NOT NULL OR hmac_secret_enc IS NOT NULL LIMIT 1");
                ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            String id = rs.getString(1);
            byte[] totp = rs.getBytes(2);
            boolean opens = totp != null
                    ? masterKey.decrypt(totp, KeyRow.associatedData(id, KeyRow.TOTP_SECRET)).isPresent()
                    : masterKey.decrypt(rs.getBytes(3), KeyRow.associatedData(id, KeyRow.HMAC_SECRET)).isPresent();
            if (!opens) {
                throw wrongKey();
            }
        }
    }

    private static IllegalStateException wrongKey() {
        return new IllegalStateException(MasterKey.VARIABLE + " is not the master key this database's secrets "
                + "were encrypted with: set the right one (during a rotation, the value that holds both keys)");
    }
}
