package dev.qiuth.micronaut;

import dev.qiuth.Qiuth;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@link QiuthFilter} for an engine whose key store, replay guard or rate limiter may block (a
 * database, Redis): the same judging, on the {@code blocking} executor, so a slow store never
 * stalls an event loop. Exactly one of the two is enabled, by {@link Qiuth#mayBlock()}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class BlockingQiuthFilter implements ConditionalFilter {
    private final Qiuth qiuth;
    private final QiuthConfiguration configuration;

    BlockingQiuthFilter(Qiuth qiuth, QiuthConfiguration configuration) {
        this.qiuth = qiuth;
        this.configuration = configuration;
    }

    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return qiuth.mayBlock() && configuration.protects(request.getPath());
    }

    @RequestFilter
    @Order(QiuthFilter.ORDER)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return QiuthFilter.judge(qiuth, request, body);
    }
}
