package dev.qiuth.replay;

import dev.qiuth.crypto.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The 32-byte fingerprints a {@link ReplayGuard} remembers, one per kind of single use, each in
 * its own domain so that no two kinds can collide.
 */
public final class ReplayFingerprints {
    private static final byte[] REQUEST_DOMAIN = "qiuth/v1/request".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOTP_DOMAIN = "qiuth/v1/totp".getBytes(StandardCharsets.UTF_8);

    private ReplayFingerprints() {
    }

    /**
     * A signed request: with an accepted HMAC, the MAC XOR the key's hash. The MAC already stands
     * for the canonical request and is uniformly random, so the XOR is as unique as a digest of
     * both (keys may share a secret) without hashing again. The MAC array is reused.
     *
     * @param acceptedMac the engine's own 32-byte MAC of this request, changed in place
     */
    public static byte[] ofHmacRequest(byte[] keyHash, byte[] acceptedMac) {
        for (int i = 0; i < acceptedMac.length; i++) {
            acceptedMac[i] ^= keyHash[i];
        }
        return acceptedMac;
    }

    /** A signed request without an HMAC: a digest of key and canonical request. */
    public static byte[] ofSignedRequest(byte[] keyHash, byte[] canonicalRequest) {
        return Sha256.digestParts(REQUEST_DOMAIN, keyHash, canonicalRequest);
    }

    /** One TOTP code of one key, by its time step. */
    public static byte[] ofTotpCode(byte[] keyHash, long counter) {
        return Sha256.digestParts(TOTP_DOMAIN, keyHash, Long.toString(counter).getBytes(StandardCharsets.US_ASCII));
    }
}
