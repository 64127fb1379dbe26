package dev.qiuth;

import dev.qiuth.fixture.Call;
import dev.qiuth.fixture.TestKeys;
import dev.qiuth.fixture.TestSecrets;
import dev.qiuth.signature.RequestSigner;
import dev.qiuth.testing.MutableClock;
import dev.qiuth.totp.TotpConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded random requests for {@code QiuthPropertyTest}: honest requests of keys with every mix of
 * factors, honest requests with exactly one proof broken (and the code that must refuse them),
 * and garbage. Everything derives from one {@link SplittableRandom}, so a seed replays a run.
 */
final class RandomRequests {
    static final int IP = 1;
    static final int TOTP = 2;
    static final int CERT = 4;
    static final int HMAC = 8;

    static final List<String> ALLOWLIST = List.of("203.0.113.0/24", "2001:db8:1::/48");
    static final List<String> PROXIES = List.of("10.0.0.0/8", "fd00::/8");
    /** The hosts a server with {@code allowedHosts} accepts. */
    static final List<String> ALLOWED_HOSTS = List.of("api.example.com", "api.example.com:8443");
    private static final List<String> ALL_HOSTS = List.of("api.example.com", "api.example.com:8443", "[::1]:8080",
            "127.0.0.1:9000", "localhost", "other.example");
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    private static final String PATH_CHARS = "abcxyzABC0189-._~";
    private static final String[] PATH_ESCAPES = {"%20", "%2F", "%C3%A9", "%25"};
    private static final String NASTY = "aZ09 ,;=\"'\\%[]:.-_/+\t\r\n\u0000\u007féü€\u2028😀";

    /** One key of the engine: which factors it has, and its API key. */
    record MixKey(int mask, String apiKey, KeyPolicy policy) {
        boolean has(int factor) {
            return (mask & factor) != 0;
        }

        boolean signs() {
            return has(CERT) || has(HMAC);
        }

        /** The code a broken signed request gets: the certificate is checked before the HMAC. */
        ErrorCode badSignature() {
            return has(CERT) ? ErrorCode.INVALID_SIGNATURE : ErrorCode.INVALID_HMAC;
        }
    }

    /**
     * A request and what the engine must answer: a grant when {@code expected} is null, else a
     * denial for that reason ({@code anyDenial} when only "denied" is known). {@code warmUp} is sent
     * first and must be granted (for replays).
     */
    record Case(String what, MixKey key, Call warmUp, Call call, Supplier<RequestView> view, ErrorCode expected,
            boolean anyDenial) {
        boolean grant() {
            return expected == null && !anyDenial;
        }
    }

    /** Every mix of IP, TOTP, certificate and HMAC, sixteen keys. */
    static List<MixKey> keys(SplittableRandom r) {
        List<MixKey> keys = new ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            String apiKey = TestSecrets.register("sk_prop_" + mask + "_" + Long.toHexString(r.nextLong()));
            KeyPolicy.Builder b = KeyPolicy.builder().id("mix-" + mask).apiKey(apiKey);
            if ((mask & IP) != 0) {
                b.ipAllowlist(ALLOWLIST);
            }
            if ((mask & TOTP) != 0) {
                b.totp(TestPolicies.TOTP_SECRET);
            }
            if ((mask & CERT) != 0) {
                b.certificate(TestKeys.clientPublicPem());
            }
            if ((mask & HMAC) != 0) {
                b.hmac(TestPolicies.HMAC_SECRET);
            }
            keys.add(new MixKey(mask, apiKey, b.build()));
        }
        return keys;
    }

    private final SplittableRandom r;
    private final MutableClock clock;
    private final List<MixKey> keys;
    private final boolean hostsRestricted;
    private final boolean keyInQuery;
    private final TotpConfig totp = TotpConfig.of(TestPolicies.TOTP_SECRET);

    RandomRequests(SplittableRandom r, MutableClock clock, List<MixKey> keys, boolean hostsRestricted, boolean keyInQuery) {
        this.r = r;
        this.clock = clock;
        this.keys = keys;
        this.hostsRestricted = hostsRestricted;
        this.keyInQuery = keyInQuery;
    }

    // ------------------------------------------------------------ the three kinds of case

    /** A request with every proof its key needs. */
    Case honest(int index) {
        MixKey k = pick(keys);
        Call call = honestCall(k, index, null);
        return new Case("honest", k, null, call, call::view, null, false);
    }

    /** An honest request with exactly one proof broken. */
    Case broken(int index) {
        MixKey k = pick(keys);
        List<String> choices = new ArrayList<>(List.of("NO_KEY", "GARBAGE_KEY", "ALTERED_KEY", "REPEATED_KEY"));
        if (k.has(IP)) {
            choices.add("OUTSIDE_ADDRESS");
        }
        if (k.has(TOTP)) {
            choices.addAll(List.of("NO_TOTP", "WRONG_TOTP", "MISSHAPEN_TOTP", "REPEATED_TOTP"));
        }
        if (k.has(CERT)) {
            choices.addAll(List.of("NO_SIGNATURE", "WRONG_SIGNATURE", "REPEATED_SIGNATURE"));
        }
        if (k.has(HMAC)) {
            choices.addAll(List.of("NO_HMAC", "WRONG_HMAC", "REPEATED_HMAC"));
        }
        if (k.signs()) {
            choices.addAll(List.of("NO_TIMESTAMP", "GARBAGE_TIMESTAMP", "SHIFTED_TIMESTAMP", "BODY", "PATH", "QUERY",
                    "METHOD", "HOST", "SCHEME", "REPLAY"));
            if (!k.has(TOTP)) {
                choices.addAll(List.of("OLD", "FUTURE"));
            }
        }
        String mutation = pick(choices);
        Long offset = null;
        if (mutation.equals("OLD")) {
            offset = -300_001 - r.nextLong(0, 100_000_000);
        } else if (mutation.equals("FUTURE")) {
            offset = 60_001 + r.nextLong(0, 100_000_000);
        }
        Call call = honestCall(k, index, offset);
        if (mutation.endsWith("_KEY") && call.headerValue("X-API-Key") == null) {
            // the key went in the query: break it there instead
            mutation = "QUERY_KEY";
        }
        Call warmUp = null;
        ErrorCode expected;
        switch (mutation) {
            case "NO_KEY" -> {
                call.remove("X-API-Key");
                expected = ErrorCode.MISSING_API_KEY;
            }
            case "GARBAGE_KEY" -> {
                call.set("X-API-Key", nonEmptyGarbage());
                expected = ErrorCode.INVALID_API_KEY;
            }
            case "ALTERED_KEY" -> {
                String key = k.apiKey();
                int at = r.nextInt(key.length());
                char other = key.charAt(at) == 'x' ? 'y' : 'x';
                call.set("X-API-Key", r.nextBoolean() ? key.substring(0, at) + other + key.substring(at + 1)
                        : key + (r.nextBoolean() ? " " : "x"));
                expected = ErrorCode.INVALID_API_KEY;
            }
            case "REPEATED_KEY" -> {
                call.header(randomCase("X-API-Key"), r.nextBoolean() ? k.apiKey() : nonEmptyGarbage());
                expected = ErrorCode.INVALID_API_KEY;
            }
            case "QUERY_KEY" -> {
                call = call.resend(call.method(), call.url().replace("api_key=", "api_key=x"));
                expected = ErrorCode.INVALID_API_KEY;
            }
            case "OUTSIDE_ADDRESS" -> {
                placeOutsideClient(call);
                expected = ErrorCode.IP_NOT_ALLOWED;
            }
            case "NO_TOTP" -> {
                call.remove("X-TOTP-Token");
                expected = ErrorCode.MISSING_TOTP_TOKEN;
            }
            case "WRONG_TOTP" -> {
                call.set("X-TOTP-Token", wrongTotp());
                expected = ErrorCode.INVALID_TOTP_TOKEN;
            }
            case "MISSHAPEN_TOTP" -> {
                String code = call.headerValue("X-TOTP-Token");
                call.set("X-TOTP-Token", pick(List.of("", code.substring(1), code + "0", " " + code, code + " ",
                        code.substring(0, 5) + "a", "+" + code.substring(1), "0x" + code)));
                expected = ErrorCode.INVALID_TOTP_TOKEN;
            }
            case "REPEATED_TOTP" -> {
                call.header(randomCase("X-TOTP-Token"), r.nextBoolean() ? call.headerValue("X-TOTP-Token") : wrongTotp());
                expected = ErrorCode.INVALID_TOTP_TOKEN;
            }
            case "NO_SIGNATURE" -> {
                call.remove("X-Signature");
                expected = ErrorCode.MISSING_SIGNATURE;
            }
            case "WRONG_SIGNATURE" -> {
                call.set("X-Signature", wrongSignature(call.headerValue("X-Signature")));
                expected = ErrorCode.INVALID_SIGNATURE;
            }
            case "REPEATED_SIGNATURE" -> {
                call.header(randomCase("X-Signature"), call.headerValue("X-Signature"));
                expected = ErrorCode.MISSING_SIGNATURE;
            }
            case "NO_HMAC" -> {
                call.remove("X-HMAC-Signature");
                expected = ErrorCode.MISSING_HMAC;
            }
            case "WRONG_HMAC" -> {
                call.set("X-HMAC-Signature", wrongHmac(call.headerValue("X-HMAC-Signature")));
                expected = ErrorCode.INVALID_HMAC;
            }
            case "REPEATED_HMAC" -> {
                call.header(randomCase("X-HMAC-Signature"), call.headerValue("X-HMAC-Signature"));
                expected = ErrorCode.MISSING_HMAC;
            }
            case "NO_TIMESTAMP" -> {
                call.remove("X-Timestamp");
                expected = ErrorCode.EXPIRED_TIMESTAMP;
            }
            case "GARBAGE_TIMESTAMP" -> {
                String ts = call.headerValue("X-Timestamp");
                call.set("X-Timestamp", pick(List.of("", ts + "0000", "-" + ts, ts + ".0", " " + ts,
                        Long.toString(Long.parseLong(ts) / 1000), clock.instant().toString(), "NaN", "1e13")));
                expected = ErrorCode.EXPIRED_TIMESTAMP;
            }
            case "SHIFTED_TIMESTAMP" -> {
                long ts = Long.parseLong(call.headerValue("X-Timestamp"));
                long shifted;
                do {
                    shifted = clock.millis() + r.nextLong(-299_000, 59_000);
                } while (shifted == ts);
                call.set("X-Timestamp", Long.toString(shifted));
                expected = k.badSignature();
            }
            case "OLD" -> expected = ErrorCode.EXPIRED_TIMESTAMP;
            case "FUTURE" -> expected = ErrorCode.FUTURE_TIMESTAMP;
            case "BODY" -> {
                byte[] body = call.bodyBytes();
                byte[] changed = java.util.Arrays.copyOf(body, body.length + (body.length == 0 || r.nextBoolean() ? 1 : 0));
                int at = r.nextInt(changed.length);
                changed[at] = (byte) (changed[at] ^ (1 + r.nextInt(255)));
                call.body(changed);
                expected = k.badSignature();
            }
            case "PATH" -> {
                call = call.resend(call.method(), insertIntoPath(call.url()));
                expected = k.badSignature();
            }
            case "QUERY" -> {
                String url = call.url();
                int q = url.indexOf('?');
                String changed = q < 0 ? url + "?" : q == url.length() - 1 ? url.substring(0, q) : url + "&z=1";
                call = call.resend(call.method(), changed);
                expected = k.badSignature();
            }
            case "METHOD" -> {
                String upper = call.method().toUpperCase(Locale.ROOT);
                String other;
                do {
                    other = pick(List.of(METHODS));
                } while (other.equals(upper));
                call = call.resend(other, call.url());
                expected = k.badSignature();
            }
            case "HOST" -> {
                String url = call.url();
                String host = java.net.URI.create(url).getRawAuthority();
                String other;
                do {
                    other = pick(ALL_HOSTS);
                } while (other.equalsIgnoreCase(host));
                // without forwarded headers: a proxy that names the public host would make the change legitimate
                call = call.resend(call.method(), url.replace("://" + host, "://" + other))
                        .remove("X-Forwarded-Host").remove("X-Forwarded-Proto");
                expected = k.badSignature();
            }
            case "SCHEME" -> {
                String url = call.url();
                call = call.resend(call.method(), url.startsWith("https:") ? "http:" + url.substring(6)
                        : "https:" + url.substring(5)).remove("X-Forwarded-Host").remove("X-Forwarded-Proto");
                expected = k.badSignature();
            }
            case "REPLAY" -> {
                warmUp = call;
                expected = ErrorCode.REPLAYED_REQUEST;
            }
            default -> throw new AssertionError(mutation);
        }
        Call sent = call;
        return new Case("broken: " + mutation, k, warmUp, sent, sent::view, expected, false);
    }

    /** Random, missing, repeated and malformed values for every protocol header; never a valid proof. */
    Case garbage(int index) {
        Headers.Builder h = Headers.builder();
        // only keys that need more than the key (and the address) itself: their garbage proofs cannot pass
        List<MixKey> proofKeys = keys.stream().filter(k -> k.has(TOTP) || k.signs()).toList();
        MixKey k = pick(proofKeys);
        String rawQuery = pick(java.util.Arrays.asList(null, "", "a=1", garbageQuery()));
        switch (r.nextInt(6)) {
            case 0 -> { }
            case 1 -> h.add(randomCase("X-API-Key"), k.apiKey());
            case 2 -> h.add(randomCase("X-API-Key"), garbageValue());
            case 3 -> h.add(randomCase("X-API-Key"), k.apiKey()).add(randomCase("X-API-Key"), garbageValue());
            case 4 -> rawQuery = "api_key=" + URLEncoder.encode(k.apiKey(), StandardCharsets.UTF_8);
            default -> h.add(randomCase("X-API-Key"), "k".repeat(r.nextInt(1000, 3000)));
        }
        addSome(h, "X-TOTP-Token", this::garbageTotp);
        addSome(h, "X-Timestamp", this::garbageTimestamp);
        addSome(h, "X-Signature", this::garbageSignature);
        addSome(h, "X-HMAC-Signature", this::garbageHmac);
        addSome(h, "X-Forwarded-For", this::xffChain);
        addSome(h, "Forwarded", () -> "for=" + pick(List.of(allowedClient(), outsideClient(), garbageValue())));
        addSome(h, "X-Forwarded-Proto", () -> pick(List.of("https", "http", garbageValue())));
        addSome(h, "X-Forwarded-Host", () -> pick(List.of(pick(ALL_HOSTS), garbageValue())));
        addSome(h, garbageValue().replaceAll("[^A-Za-z-]", "") + "X", this::garbageValue);
        String hostHeader = pick(List.of(pick(ALL_HOSTS), garbageValue(), ""));
        h.add("Host", hostHeader);
        String method = pick(List.of(pick(List.of(METHODS)), "get", "OPTIONS", "G E T", "\u00e9", "X"));
        String path = pick(List.of("/", "/c" + index, "/" + garbageValue(), "*", garbageValue()));
        byte[] body = randomBody();
        String peer = anyPeer();
        String scheme = pick(List.of("http", "https", "HTTP", garbageValue()));
        String query = rawQuery;
        // built directly, not through Call: a garbage target need not even be a URI
        Supplier<RequestView> view = () -> RequestView.builder().method(method).scheme(scheme).hostHeader(hostHeader)
                .rawPath(path).rawQuery(query).headers(h.build()).remoteAddress(peer).body(body).build();
        String what = "garbage: " + method + " " + scheme + "://" + hostHeader + path + (query == null ? "" : "?" + query)
                + " from " + peer + " headers " + h.build().names();
        return new Case(what, k, null, null, view, null, true);
    }

    // ------------------------------------------------------------ honest requests

    /** An honest request for {@code k}; {@code offset} (ms) moves the client's clock, else a random in-window one. */
    private Call honestCall(MixKey k, int index, Long offset) {
        String method = randomCase(pick(List.of(METHODS)));
        String host = hostsRestricted ? pick(ALLOWED_HOSTS) : pick(ALL_HOSTS);
        String scheme = r.nextBoolean() ? "http" : "https";
        String path = "/c" + index + randomPath();
        String query = pick(java.util.Arrays.asList(null, "", "a=1&b=x%20y", "q=" + randomPathSegment() + "&&x"));
        boolean keyGoesInQuery = keyInQuery && r.nextInt(4) == 0;
        if (keyGoesInQuery) {
            String param = "api_key=" + URLEncoder.encode(k.apiKey(), StandardCharsets.UTF_8);
            query = query == null || query.isEmpty() ? param : query + "&" + param;
        }
        String url = scheme + "://" + host + path + (query == null ? "" : "?" + query);
        Call call = Call.of(method, url).body(randomBody());
        boolean viaProxy = k.has(IP) ? placeAllowedClient(call) : placeAnyPeer(call);

        long skew = offset != null ? offset
                : k.has(TOTP) ? r.nextLong(-29_999, 30_000) : r.nextLong(-300_000, 60_001);
        RequestSigner.Builder signer = RequestSigner.builder().apiKey(k.apiKey())
                .clock(new MutableClock(clock.instant().plusMillis(k.signs() || k.has(TOTP) ? skew : 0)));
        if (k.has(TOTP)) {
            signer.totp(totp);
        }
        if (k.has(CERT)) {
            signer.privateKey(TestKeys.client().getPrivate());
        }
        if (k.has(HMAC)) {
            signer.hmacSecret(TestPolicies.HMAC_SECRET);
        }
        signer.build().sign(method, url, call.bodyBytes()).forEach((name, value) -> {
            if (!(keyGoesInQuery && name.equals("X-API-Key"))) {
                call.header(randomCase(name), value);
            }
        });
        if (viaProxy && r.nextInt(3) == 0) {
            // a TLS-terminating proxy: the server sees http and an internal Host, and is told the public ones
            call.host("backend.internal:8080").scheme("http");
            call.header(randomCase("X-Forwarded-Proto"), scheme);
            call.header(randomCase("X-Forwarded-Host"), host);
        }
        if (r.nextInt(3) == 0) {
            call.header("X-Request-Id", garbageValue());
        }
        return call;
    }

    /** Puts an allowed client at the socket or behind trusted proxies; true when behind proxies. */
    private boolean placeAllowedClient(Call call) {
        String client = allowedClient();
        switch (r.nextInt(4)) {
            case 0 -> {
                call.from(r.nextInt(4) == 0 && client.indexOf(':') < 0 ? "::ffff:" + client : client);
                return false;
            }
            case 1, 2 -> {
                call.from(proxy());
                List<String> chain = new ArrayList<>();
                for (int i = r.nextInt(3); i > 0; i--) {
                    chain.add(pick(List.of(allowedClient(), outsideClient(), "unknown", garbageValue())));
                }
                chain.add(hop(client));
                for (int i = r.nextInt(3); i > 0; i--) {
                    chain.add(hop(proxy()));
                }
                addChain(call, chain);
                return true;
            }
            default -> {
                call.from(proxy());
                List<String> elements = new ArrayList<>();
                elements.add(forwardedFor(client) + (r.nextBoolean() ? ";proto=https" : ""));
                for (int i = r.nextInt(2); i > 0; i--) {
                    elements.add(forwardedFor(proxy()));
                }
                call.header(randomCase("Forwarded"), String.join(", ", elements));
                return true;
            }
        }
    }

    /** Any peer for a key without an allowlist, sometimes behind proxies. */
    private boolean placeAnyPeer(Call call) {
        if (r.nextInt(3) == 0) {
            call.from(proxy());
            addChain(call, List.of(hop(pick(List.of(allowedClient(), outsideClient())))));
            return true;
        }
        call.from(anyPeer());
        return false;
    }

    /** The client is somewhere it may not be; the leftmost, client-written entry may claim otherwise. */
    private void placeOutsideClient(Call call) {
        call.remove("X-Forwarded-For").remove("Forwarded");
        switch (r.nextInt(5)) {
            case 0 -> call.from(outsideClient());
            case 1 -> {
                call.from(proxy());
                List<String> chain = new ArrayList<>(List.of(hop(allowedClient()), hop(outsideClient())));
                for (int i = r.nextInt(3); i > 0; i--) {
                    chain.add(hop(proxy()));
                }
                addChain(call, chain);
            }
            case 2 -> {
                call.from(proxy());
                addChain(call, List.of(hop(allowedClient()), pick(List.of("unknown", "", "_hidden", garbageValue())),
                        hop(proxy())));
            }
            case 3 -> {
                call.from(outsideClient());
                addChain(call, List.of(hop(allowedClient())));
            }
            default -> call.from(pick(List.of("unknown", "", "localhost", "203.0.113", "0203.0.113.1")));
        }
    }

    /** The chain as one or two X-Forwarded-For header values, in order. */
    private void addChain(Call call, List<String> chain) {
        if (chain.size() > 1 && r.nextBoolean()) {
            int split = r.nextInt(1, chain.size());
            call.header(randomCase("X-Forwarded-For"), String.join(", ", chain.subList(0, split)));
            call.header(randomCase("X-Forwarded-For"), String.join(",", chain.subList(split, chain.size())));
        } else {
            call.header(randomCase("X-Forwarded-For"), String.join(r.nextBoolean() ? ", " : ",", chain));
        }
    }

    // ------------------------------------------------------------ addresses

    private String allowedClient() {
        return r.nextBoolean() ? "203.0.113." + r.nextInt(256)
                : "2001:db8:1:" + Integer.toHexString(r.nextInt(0x10000)) + "::" + Integer.toHexString(r.nextInt(1, 0x10000));
    }

    private String outsideClient() {
        if (r.nextBoolean()) {
            int first;
            do {
                first = r.nextInt(1, 224);
            } while (first == 10 || first == 203);
            return first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        }
        return "2001:db8:" + Integer.toHexString(r.nextInt(2, 0x10000)) + "::" + Integer.toHexString(r.nextInt(1, 0x10000));
    }

    private String proxy() {
        return switch (r.nextInt(3)) {
            case 0 -> "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            case 1 -> "fd00::" + Integer.toHexString(r.nextInt(1, 0x10000));
            default -> "::ffff:10.0.0." + r.nextInt(256);
        };
    }

    private String anyPeer() {
        return switch (r.nextInt(5)) {
            case 0 -> allowedClient();
            case 1 -> outsideClient();
            case 2 -> proxy();
            case 3 -> "[" + outsideClient() + "]";
            default -> pick(List.of("", "unknown", "fe80::1%eth0", "999.1.1.1", garbageValue()));
        };
    }

    /** An address as an X-Forwarded-For entry: bare, with a port, or bracketed. */
    private String hop(String address) {
        boolean v6 = address.indexOf(':') >= 0;
        return switch (r.nextInt(3)) {
            case 0 -> address;
            case 1 -> v6 ? "[" + address + "]" : address + ":" + r.nextInt(1, 65536);
            default -> v6 ? "[" + address + "]:" + r.nextInt(1, 65536) : address;
        };
    }

    private String forwardedFor(String address) {
        boolean v6 = address.indexOf(':') >= 0;
        if (v6) {
            return "for=\"[" + address + "]" + (r.nextBoolean() ? ":" + r.nextInt(1, 65536) : "") + "\"";
        }
        return r.nextBoolean() ? "for=" + address : "For=\"" + address + ":" + r.nextInt(1, 65536) + "\"";
    }

    private String xffChain() {
        List<String> chain = new ArrayList<>();
        for (int i = r.nextInt(1, 5); i > 0; i--) {
            chain.add(pick(List.of(hop(allowedClient()), hop(outsideClient()), hop(proxy()), garbageValue())));
        }
        return String.join(",", chain);
    }

    // ------------------------------------------------------------ values

    private String randomPath() {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(0, 3); i > 0; i--) {
            sb.append('/').append(randomPathSegment());
        }
        return sb.toString();
    }

    private String randomPathSegment() {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(1, 8); i > 0; i--) {
            sb.append(r.nextInt(6) == 0 ? pick(List.of(PATH_ESCAPES)) : String.valueOf(PATH_CHARS.charAt(r.nextInt(PATH_CHARS.length()))));
        }
        return sb.toString();
    }

    private String insertIntoPath(String url) {
        int pathStart = url.indexOf('/', url.indexOf("://") + 3);
        return url.substring(0, pathStart + 1) + "x" + url.substring(pathStart + 1);
    }

    private byte[] randomBody() {
        if (r.nextInt(3) == 0) {
            return new byte[0];
        }
        byte[] body = new byte[r.nextInt(1, 300)];
        r.nextBytes(body);
        return body;
    }

    /** The six-digit codes the window accepts now. */
    private Set<String> validTotps() {
        Set<String> valid = new HashSet<>();
        for (int step = -1; step <= 1; step++) {
            valid.add(totp.codeAt(clock.instant().plusSeconds(30L * step)));
        }
        return valid;
    }

    private String wrongTotp() {
        Set<String> valid = validTotps();
        String code;
        do {
            code = String.format("%06d", r.nextInt(1_000_000));
        } while (valid.contains(code));
        return code;
    }

    private String wrongSignature(String valid) {
        return switch (r.nextInt(3)) {
            case 0 -> {
                // a different base64 character where it carries whole bits (not next to the padding)
                int at = r.nextInt(valid.length() - 4);
                char c = valid.charAt(at);
                yield valid.substring(0, at) + (c == 'A' ? 'B' : 'A') + valid.substring(at + 1);
            }
            case 1 -> garbageSignature();
            default -> TestSecrets.register(RequestSigner.builder().apiKey("x").privateKey(TestKeys.other().getPrivate())
                    .clock(clock).build().sign("GET", "http://api.example.com/", "").get("X-Signature"));
        };
    }

    private String wrongHmac(String valid) {
        if (r.nextBoolean()) {
            return valid.substring(0, r.nextInt(valid.length()));
        }
        int at = r.nextInt(valid.length());
        char c = Character.toLowerCase(valid.charAt(at));
        char other = c == '0' ? '1' : '0';
        String changed = valid.substring(0, at) + other + valid.substring(at + 1);
        return r.nextBoolean() ? changed.toUpperCase(Locale.ROOT) : changed;
    }

    private String garbageTotp() {
        return pick(List.of(wrongTotp(), garbageValue(), "", "1234567", "12345"));
    }

    private String garbageTimestamp() {
        return pick(List.of(Long.toString(clock.millis()), Long.toString(clock.millis() / 1000), garbageValue(),
                Long.toString(r.nextLong()), clock.instant().toString(), "9".repeat(20)));
    }

    private String garbageSignature() {
        byte[] b = new byte[pick(List.of(0, 1, 255, 256, 257, 512))];
        r.nextBytes(b);
        return pick(List.of(java.util.Base64.getEncoder().encodeToString(b), java.util.Base64.getUrlEncoder().encodeToString(b),
                garbageValue(), "A".repeat(3000)));
    }

    private String garbageHmac() {
        byte[] b = new byte[pick(List.of(31, 32, 33))];
        r.nextBytes(b);
        return pick(List.of(dev.qiuth.crypto.Hex.encode(b), dev.qiuth.crypto.Hex.encode(b).toUpperCase(), garbageValue(),
                "g".repeat(64)));
    }

    private String garbageQuery() {
        return "x=" + garbageValue().replace("#", "");
    }

    private String nonEmptyGarbage() {
        String g = garbageValue();
        return g.isEmpty() ? "k" : g;
    }

    /** Text no protocol header should carry: control characters, quotes, separators, non-ASCII. */
    String garbageValue() {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(0, 40); i > 0; i--) {
            sb.appendCodePoint(NASTY.codePointAt(NASTY.offsetByCodePoints(0, r.nextInt(NASTY.codePointCount(0, NASTY.length())))));
        }
        return sb.toString();
    }

    private void addSome(Headers.Builder h, String name, Supplier<String> value) {
        for (int i = pick(List.of(0, 0, 1, 1, 2, 3)); i > 0; i--) {
            h.add(randomCase(name), value.get());
        }
    }

    private String randomCase(String name) {
        return switch (r.nextInt(3)) {
            case 0 -> name;
            case 1 -> name.toLowerCase(Locale.ROOT);
            default -> name.toUpperCase(Locale.ROOT);
        };
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }
}
