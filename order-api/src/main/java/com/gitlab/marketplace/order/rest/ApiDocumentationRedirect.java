package com.gitlab.marketplace.order.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The interactive documentation moved to {@code /openapi_docs/marketplace}, where the partner guide's deep
 * links point (API.md §2.3); bookmarks of its earlier path, {@code /openapi-docs}, are sent there for good.
 */
@ApplicationScoped
public class ApiDocumentationRedirect {

    static final String EARLIER_PATH = "/openapi-docs";
    static final String DOCUMENTATION_PATH = "/openapi_docs/marketplace";

    void register(@Observes Router router) {
        router.getWithRegex("^" + EARLIER_PATH + "(/.*)?$").handler(ctx -> ctx.response()
                .setStatusCode(301)
                .putHeader("Location", DOCUMENTATION_PATH + "/")
                .end());
    }
}
