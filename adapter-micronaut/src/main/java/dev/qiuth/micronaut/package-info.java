/**
 * Qiuth for Micronaut 4: add the dependency, set {@code qiuth.*} (or the {@code QIUTH_*}
 * environment variables) and the {@link dev.qiuth.micronaut.QiuthFilter} protects the
 * configured paths.
 *
 * <pre>{@code
 * qiuth:
 *   api-key: ${QIUTH_API_KEY}
 *   hmac-secret: ${QIUTH_HMAC_SECRET}
 *   excluded-paths: [/health]
 * }</pre>
 */
package dev.qiuth.micronaut;
