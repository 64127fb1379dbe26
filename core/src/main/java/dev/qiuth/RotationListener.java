package dev.qiuth;

import java.time.Instant;

/**
 * Hears of a request granted with a credential its key is rotating away from, in the last
 * quarter of the transition: the client has little time left to switch. Called on the deciding
 * thread; must be quick and must not block.
 *
 * <pre>{@code
 * Qiuth.builder().rotationListener((principal, ends) ->
 *         alerts.warn(principal.keyId() + " still uses " + principal.previousCredentials() + " until " + ends));
 * }</pre>
 */
@FunctionalInterface
public interface RotationListener {

    /**
     * @param principal who was granted; {@link QiuthPrincipal#previousCredentials()} names the old credentials used
     * @param rotationEnds when those stop working
     */
    void previousCredentialUsed(QiuthPrincipal principal, Instant rotationEnds);
}
