package dev.qiuth.quarkus;

import dev.qiuth.RequestView;
import java.io.IOException;
import java.io.InputStream;

/**
 * What {@link RequestBodyReader} tells the engine of a body it stopped reading: over the limit
 * (it stopped at the limit), or broken (the framing failed). The engine answers 413 or 400.
 */
final class UnreadBody extends InputStream {
    static final UnreadBody OVER_LIMIT = new UnreadBody(true);
    static final UnreadBody BROKEN = new UnreadBody(false);

    private final boolean overLimit;

    private UnreadBody(boolean overLimit) {
        this.overLimit = overLimit;
    }

    @Override
    public int read() throws IOException {
        throw overLimit ? new RequestView.BodyOverLimitException() : new IOException("body unreadable");
    }
}
