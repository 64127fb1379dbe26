package dev.qiuth.client;

import dev.qiuth.signature.RequestSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Calls a Qiuth-protected API over {@link HttpClient}. Every request carries {@code X-API-Key}
 * and, as the credentials allow, the current TOTP code, the timestamp and the RSA and HMAC
 * signatures over the exact URL and body bytes sent. Connection errors and 5xx answers are
 * retried with backoff, each try signed again; 4xx answers never are. Thread-safe.
 *
 * <pre>{@code
 * QiuthClient client = QiuthClient.builder()
 *         .baseUrl("https://api.example.com")
 *         .credentials(QiuthCredentials.fromEnvironment())
 *         .build();
 *
 * HttpResponse<String> list = client.get("/orders?status=open");
 * HttpResponse<String> made = client.post("/orders", "{\"sku\":\"A-1\"}");   // JSON, UTF-8
 * client.getAsync("/orders").thenAccept(r -> System.out.println(r.statusCode()));
 * }</pre>
 *
 * <p>Redirects are not followed: a redirected request would carry the key to another URL, and its
 * signature would not match there.
 */
public final class QiuthClient {
    private static final System.Logger LOG = System.getLogger("dev.qiuth.client");

    private final HttpClient http;
    private final String baseUrl;
    private final RequestSigner signer;
    private final Map<String, String> defaultHeaders;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;

    private QiuthClient(Builder b) {
        this.http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUrl = b.baseUrl;
        this.signer = b.signer;
        this.defaultHeaders = Map.copyOf(b.defaultHeaders);
        this.timeout = b.timeout;
        this.retryPolicy = b.retryPolicy;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The signer behind this client, for requests sent with another HTTP library: sign the URL
     * as it goes on the wire (see {@link WireUrl}) and the exact body bytes.
     *
     * <pre>{@code
     * Map<String, String> headers = client.signer().sign("POST", WireUrl.of(url), bodyBytes);
     * }</pre>
     */
    public RequestSigner signer() {
        return signer;
    }

    // ---------------------------------------------------------------- blocking

    /** GETs a path (appended to the base URL) or an absolute URL; the answer as text. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(QiuthRequest.builder("GET", path).build());
    }

    /** POSTs a JSON text as UTF-8 with {@code Content-Type: application/json}. */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(QiuthRequest.builder("POST", path).json(json).build());
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(QiuthRequest.builder("PUT", path).json(json).build());
    }

    public HttpResponse<String> patch(String path, String json) throws IOException, InterruptedException {
        return send(QiuthRequest.builder("PATCH", path).json(json).build());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(QiuthRequest.builder("DELETE", path).build());
    }

    /** Sends a request and reads the answer as text (its charset, else UTF-8). */
    public HttpResponse<String> send(QiuthRequest request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request, retrying as the {@link RetryPolicy} says.
     *
     * @throws IOException the last connection error when no try got an answer
     * @throws IllegalArgumentException for a URL that is not valid or needs a base URL
     */
    public <T> HttpResponse<T> send(QiuthRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        String url = resolve(request.target());
        for (int retry = 0; ; retry++) {
            HttpRequest signed = sign(request, url);
            HttpResponse<T> response;
            try {
                response = http.send(signed, handler);
            } catch (IOException e) {
                if (retry >= retryPolicy.maxRetries()) {
                    throw e;
                }
                pause(retry + 1, retryPolicy.delayBefore(retry + 1, null), signed, e.getClass().getSimpleName());
                continue;
            }
            if (retry >= retryPolicy.maxRetries() || !RetryPolicy.retriesStatus(response.statusCode())) {
                return response;
            }
            pause(retry + 1, retryPolicy.delayBefore(retry + 1, retryAfter(response)), signed,
                    "status " + response.statusCode());
        }
    }

    private void pause(int retry, Duration delay, HttpRequest request, String why) throws InterruptedException, IOException {
        logRetry(retry, delay, request, why);
        try {
            sleeper.sleep(delay).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IOException("waiting before a retry failed", e.getCause());
        }
    }

    // ---------------------------------------------------------------- asynchronous

    /** {@link #get} without blocking; the future fails with the last connection error if no try got an answer. */
    public CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return sendAsync(QiuthRequest.builder("GET", path).build());
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String path, String json) {
        return sendAsync(QiuthRequest.builder("POST", path).json(json).build());
    }

    public CompletableFuture<HttpResponse<String>> putAsync(String path, String json) {
        return sendAsync(QiuthRequest.builder("PUT", path).json(json).build());
    }

    public CompletableFuture<HttpResponse<String>> patchAsync(String path, String json) {
        return sendAsync(QiuthRequest.builder("PATCH", path).json(json).build());
    }

    public CompletableFuture<HttpResponse<String>> deleteAsync(String path) {
        return sendAsync(QiuthRequest.builder("DELETE", path).build());
    }

    public CompletableFuture<HttpResponse<String>> sendAsync(QiuthRequest request) {
        return sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request without blocking, retrying as the {@link RetryPolicy} says; the waits
     * between tries hold no thread.
     */
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(QiuthRequest request, HttpResponse.BodyHandler<T> handler) {
        String url;
        try {
            url = resolve(request.target());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return attempt(request, url, handler, 0);
    }

    private <T> CompletableFuture<HttpResponse<T>> attempt(QiuthRequest request, String url,
            HttpResponse.BodyHandler<T> handler, int retry) {
        HttpRequest signed;
        try {
            signed = sign(request, url);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(signed, handler).handle((response, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean last = retry >= retryPolicy.maxRetries();
            if (cause != null) {
                if (last || !(cause instanceof IOException)) {
                    return CompletableFuture.<HttpResponse<T>>failedFuture(cause);
                }
                Duration delay = retryPolicy.delayBefore(retry + 1, null);
                logRetry(retry + 1, delay, signed, cause.getClass().getSimpleName());
                return sleeper.sleep(delay).toCompletableFuture()
                        .thenCompose(v -> attempt(request, url, handler, retry + 1));
            }
            if (last || !RetryPolicy.retriesStatus(response.statusCode())) {
                return CompletableFuture.completedFuture(response);
            }
            Duration delay = retryPolicy.delayBefore(retry + 1, retryAfter(response));
            logRetry(retry + 1, delay, signed, "status " + response.statusCode());
            return sleeper.sleep(delay).toCompletableFuture()
                    .thenCompose(v -> attempt(request, url, handler, retry + 1));
        }).thenCompose(Function.identity());
    }

    // ---------------------------------------------------------------- signing

    /** The absolute URL of a target, written as it will go on the wire. */
    private String resolve(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return WireUrl.of(target);
        }
        if (baseUrl == null) {
            throw new IllegalArgumentException("a relative path needs a base URL; set baseUrl or pass an absolute URL");
        }
        return WireUrl.of(baseUrl + (target.startsWith("/") || target.startsWith("?") ? target : "/" + target));
    }

    /** A fresh signature, timestamp and TOTP code for one try. */
    private HttpRequest sign(QiuthRequest request, String url) {
        byte[] body = request.bodyBytes();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new LinkedHashMap<>();
        defaultHeaders.forEach((name, value) -> {
            if (request.headers().keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                headers.put(name, value);
            }
        });
        headers.putAll(request.headers());
        headers.putAll(signer.sign(request.method(), url, body));
        headers.forEach(b::header);
        return b.build();
    }

    private static Long retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(v -> v.matches("\\d{1,9}"))
                .map(Long::valueOf)
                .orElse(null);
    }

    private void logRetry(int retry, Duration delay, HttpRequest request, String why) {
        // the path only: a query string may hold something private; never a header
        LOG.log(System.Logger.Level.DEBUG, () -> "retry " + retry + " of " + retryPolicy.maxRetries() + ": "
                + request.method() + " " + request.uri().getRawPath() + " got " + why
                + ", next try in " + delay.toMillis() + " ms");
    }

    @Override
    public String toString() {
        return "QiuthClient[baseUrl=" + baseUrl + ", " + signer + ", retries=" + retryPolicy.maxRetries() + "]";
    }

    /** Configures a {@link QiuthClient}; credentials (or a signer) are required. */
    public static final class Builder {
        private HttpClient httpClient;
        private String baseUrl;
        private QiuthCredentials credentials;
        private RequestSigner signer;
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Sleeper sleeper = Sleeper.system();

        private Builder() {
        }

        /** Prepended to relative paths, such as {@code https://api.example.com/v1}. */
        public Builder baseUrl(String baseUrl) {
            String url = Objects.requireNonNull(baseUrl, "baseUrl");
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            WireUrl.of(url);
            this.baseUrl = url;
            return this;
        }

        public Builder credentials(QiuthCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** A ready signer instead of credentials. */
        public Builder signer(RequestSigner signer) {
            this.signer = signer;
            return this;
        }

        /** Time for timestamps and TOTP codes (with {@link #credentials}). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A header sent with every request unless the request sets it.
         *
         * @throws IllegalArgumentException for a header the signer sets
         */
        public Builder defaultHeader(String name, String value) {
            if (QiuthRequest.isSignerHeader(name)) {
                throw new IllegalArgumentException(name + " is set by the signer, not by the caller");
            }
            defaultHeaders.put(name, value);
            return this;
        }

        /** The HTTP client to use; its redirect policy should stay {@code NEVER}. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Connect timeout of the built-in HTTP client; default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Time allowed for each try's answer; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Default {@link RetryPolicy#DEFAULT}: three retries. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** How the waits between tries are made; tests pass one that does not really wait. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** @throws IllegalArgumentException when neither credentials nor a signer were given */
        public QiuthClient build() {
            if (signer == null) {
                if (credentials == null) {
                    throw new IllegalArgumentException("credentials are required");
                }
                signer = credentials.signer(clock);
            }
            return new QiuthClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
