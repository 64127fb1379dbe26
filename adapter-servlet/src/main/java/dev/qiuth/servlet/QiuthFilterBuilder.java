package dev.qiuth.servlet;

import dev.qiuth.Qiuth;

/**
 * Configures a {@link QiuthFilter} in code: the engine, and the requests let through unjudged.
 *
 * <pre>{@code
 * QiuthFilter filter = QiuthFilter.builder(qiuth)
 *         .exclude("GET /health")          // one method and path
 *         .exclude("/public/.*")           // every method
 *         .build();
 * }</pre>
 */
public final class QiuthFilterBuilder {
    private final Qiuth qiuth;
    private ExcludedPaths excluded = ExcludedPaths.none();

    QiuthFilterBuilder(Qiuth qiuth) {
        if (qiuth == null) {
            throw new IllegalArgumentException("qiuth engine is required");
        }
        this.qiuth = qiuth;
    }

    /**
     * Lets requests matching these {@code [METHOD ]REGEX} entries through unjudged; see
     * {@link ExcludedPaths}.
     *
     * @throws IllegalArgumentException naming an entry that is not a valid regular expression
     */
    public QiuthFilterBuilder exclude(String... entries) {
        excluded = excluded.and(ExcludedPaths.of(entries));
        return this;
    }

    public QiuthFilterBuilder exclude(ExcludedPaths paths) {
        excluded = excluded.and(paths);
        return this;
    }

    /** The filter; init-params of its declaration may add exclusions, never replace the engine. */
    public QiuthFilter build() {
        return new QiuthFilter(FilterSettings.inCode(qiuth, excluded));
    }
}
