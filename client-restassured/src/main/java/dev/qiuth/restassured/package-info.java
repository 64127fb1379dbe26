/**
 * Signing REST Assured requests with Qiuth credentials: {@link dev.qiuth.restassured.QiuthSigningFilter}.
 *
 * <pre>{@code
 * RestAssured.filters(QiuthSigningFilter.of(QiuthCredentials.fromEnvironment()));   // every request
 * }</pre>
 */
package dev.qiuth.restassured;
