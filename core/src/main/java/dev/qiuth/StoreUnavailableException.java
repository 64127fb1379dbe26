package dev.qiuth;

/**
 * A key store, replay store or rate-limit store could not answer. The engine refuses the request
 * with 503 {@code UNAVAILABLE}: it never lets a request through because a store is down.
 * Messages must not contain keys or secrets.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
