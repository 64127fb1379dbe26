package dev.qiuth.restassured;

import dev.qiuth.QiuthHeaders;
import dev.qiuth.client.QiuthCredentials;
import dev.qiuth.signature.RequestSigner;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs every REST Assured request with Qiuth credentials: adds {@code X-API-Key} and, as the
 * credentials allow, the TOTP code, the timestamp and the RSA / HMAC signatures.
 *
 * <pre>{@code
 * QiuthSigningFilter qiuth = QiuthSigningFilter.of(QiuthCredentials.fromEnvironment());
 *
 * given().filter(qiuth).queryParam("status", "open")
 *         .when().get("/orders")
 *         .then().statusCode(200);
 * given().filter(qiuth).contentType(ContentType.JSON).body(order)
 *         .when().post("/orders")
 *         .then().statusCode(201);
 * }</pre>
 *
 * <p>It runs after every other filter ({@link #LOWEST_PRECEDENCE}), so it signs the request as it
 * is finally sent and logging filters never see the signed headers. The URL is REST Assured's own,
 * encoded as it goes on the wire. A text body is turned into bytes here, with the charset of its
 * {@code Content-Type} (else REST Assured's default for that type), and those very bytes are sent;
 * form parameters are encoded into the body here too. Multipart requests cannot be signed: their
 * boundary is chosen later, as they are sent.
 */
public final class QiuthSigningFilter implements OrderedFilter {
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");
    private static final List<String> SIGNED_HEADERS = List.of(QiuthHeaders.API_KEY, QiuthHeaders.TOTP_TOKEN,
            QiuthHeaders.TIMESTAMP, QiuthHeaders.SIGNATURE, QiuthHeaders.HMAC_SIGNATURE);

    private final RequestSigner signer;

    private QiuthSigningFilter(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** A filter signing with these credentials on the system clock. */
    public static QiuthSigningFilter of(QiuthCredentials credentials) {
        return new QiuthSigningFilter(credentials.signer());
    }

    /** A filter signing with these credentials; the clock gives timestamps and TOTP codes. */
    public static QiuthSigningFilter of(QiuthCredentials credentials, Clock clock) {
        return new QiuthSigningFilter(credentials.signer(clock));
    }

    public static QiuthSigningFilter of(RequestSigner signer) {
        return new QiuthSigningFilter(signer);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        byte[] body = wireBody(request);
        SIGNED_HEADERS.forEach(request::removeHeader);
        signer.sign(request.getMethod(), request.getURI(), body).forEach(request::header);
        return context.next(request, response);
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    /**
     * The body bytes that will be sent. Anything REST Assured would still encode itself is encoded
     * here and put back as bytes, so that what is signed is what is sent.
     */
    private static byte[] wireBody(FilterableRequestSpecification request) {
        if (!request.getMultiPartParams().isEmpty()) {
            throw new IllegalStateException("Qiuth cannot sign a multipart request: its boundary is chosen as it is sent");
        }
        Object body = request.getBody();
        byte[] bytes;
        if (body == null) {
            Map<String, ?> form = formParameters(request);
            if (form.isEmpty()) {
                return null;
            }
            String encoded = encodeForm(form, charset(request));
            form.keySet().forEach(name -> {
                request.removeFormParam(name);
                request.removeParam(name);
            });
            // REST Assured's form encoder takes text; being ASCII, it is the same bytes in any charset it writes
            request.body(encoded);
            return encoded.getBytes(StandardCharsets.US_ASCII);
        } else if (body instanceof byte[] b) {
            return b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(charset(request));
        } else if (body instanceof File f) {
            bytes = read(f);
        } else if (body instanceof InputStream in) {
            bytes = read(in);
        } else {
            throw new IllegalStateException("Qiuth cannot sign a body of type " + body.getClass().getName());
        }
        request.body(bytes);
        return bytes;
    }

    /** Form parameters, and for methods with a body the plain parameters REST Assured sends as a form. */
    private static Map<String, ?> formParameters(FilterableRequestSpecification request) {
        Map<String, Object> form = new java.util.LinkedHashMap<>(request.getFormParams());
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE") && !method.equals("OPTIONS")) {
            form.putAll(request.getRequestParams());
        }
        return form;
    }

    private static String encodeForm(Map<String, ?> form, Charset charset) {
        StringBuilder sb = new StringBuilder();
        form.forEach((name, value) -> {
            Collection<?> values = value instanceof Collection<?> c ? c : java.util.Collections.singletonList(value);
            for (Object v : values) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(name, charset));
                // REST Assured's marker for a parameter given without a value
                if (v != null && !v.getClass().getSimpleName().equals("NoParameterValue")) {
                    sb.append('=').append(URLEncoder.encode(String.valueOf(v), charset));
                }
            }
        });
        return sb.toString();
    }

    /** The charset of the Content-Type, else REST Assured's default for that type. */
    private static Charset charset(FilterableRequestSpecification request) {
        String contentType = request.getContentType();
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                return Charset.forName(m.group(1));
            }
        }
        var encoder = request.getConfig().getEncoderConfig();
        String name = contentType == null ? encoder.defaultContentCharset()
                : encoder.defaultCharsetForContentType(contentType);
        return Charset.forName(name == null ? encoder.defaultContentCharset() : name);
    }

    private static byte[] read(File file) {
        try {
            return Files.readAllBytes(file.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body file " + file, e);
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body stream", e);
        }
    }

    @Override
    public String toString() {
        return "QiuthSigningFilter[" + signer + "]";
    }
}
