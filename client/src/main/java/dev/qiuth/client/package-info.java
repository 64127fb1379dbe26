/**
 * Calling a Qiuth-protected API from Java.
 *
 * <ul>
 * <li>{@link dev.qiuth.client.QiuthCredentials}: the API key and the secrets of the key's factors,
 *     from code, {@code QIUTH_*} variables or a {@code .env} file; never printed.</li>
 * <li>{@link dev.qiuth.client.QiuthClient}: GET/POST/PUT/PATCH/DELETE over
 *     {@code java.net.http.HttpClient}, blocking or asynchronous, signed, with retries that sign again.</li>
 * <li>For another HTTP library: {@link dev.qiuth.client.QiuthCredentials#signer()} gives core's
 *     {@link dev.qiuth.signature.RequestSigner}; sign {@link dev.qiuth.client.WireUrl#of(String)}
 *     and the exact body bytes, and add the returned headers.</li>
 * </ul>
 *
 * <pre>{@code
 * RequestSigner signer = QiuthCredentials.fromEnvironment().signer();
 * String url = WireUrl.of("https://api.example.com/orders?status=open");
 * Map<String, String> headers = signer.sign("GET", url, null);   // X-API-Key, X-TOTP-Token, ...
 * }</pre>
 */
package dev.qiuth.client;
