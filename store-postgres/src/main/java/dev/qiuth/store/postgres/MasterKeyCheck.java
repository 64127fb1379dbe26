package dev.qiuth.store.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The row in {@code qiuth_master_key_check}: one ciphertext of a known text, written by the
 * first store or admin that starts, checked by every later one. A store given the wrong
 * {@value MasterKey#VARIABLE} stops at start instead of answering 503 for every key with a secret.
 */
final class MasterKeyCheck {
    private static final byte[] KNOWN_TEXT = "qiuth master key check".getBytes(StandardCharsets.UTF_8);
    private static final String ASSOCIATED_DATA = "qiuth_master_key_check/1/ciphertext";

    private MasterKeyCheck() {
    }

    /**
     * @throws IllegalStateException naming {@value MasterKey#VARIABLE} when the key does not decrypt
     *                               the check, or naming the missing schema
     */
    static void verify(Connection c, MasterKey masterKey) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO qiuth_master_key_check (id, ciphertext) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setBytes(1, masterKey.encrypt(KNOWN_TEXT, ASSOCIATED_DATA));
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new IllegalStateException("the Qiuth tables are missing: run PostgresKeySchema.migrate() first");
            }
            throw e;
        }
        try (PreparedStatement select = c.prepareStatement("SELECT ciphertext FROM qiuth_master_key_check WHERE id = 1");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            boolean opens = masterKey.decrypt(rs.getBytes(1), ASSOCIATED_DATA)
                    .map(text -> MessageDigest.isEqual(text, KNOWN_TEXT)).orElse(false);
            if (!opens) {
                throw new IllegalStateException(MasterKey.VARIABLE + " is not the master key this database's secrets "
                        + "were encrypted with: set the right one (during a rotation, the value that holds both keys)");
            }
        }
    }

    /** Encrypts the check again under the primary key, as part of a rewrap. */
    static void rewrap(Connection c, MasterKey masterKey) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE qiuth_master_key_check SET ciphertext = ? WHERE id = 1")) {
            update.setBytes(1, masterKey.encrypt(KNOWN_TEXT, ASSOCIATED_DATA));
            update.executeUpdate();
        }
    }
}
