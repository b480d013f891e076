package com.gitlab.marketplace.openapi.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.junit.jupiter.api.Test;

class ApiDocumentsTests {

    private static Schema ref(String name) {
        return OASFactory.createSchema().ref(name);
    }

    private static Operation returning(String schema, String tag) {
        return OASFactory.createOperation().addTag(tag).responses(OASFactory.createAPIResponses()
                .addAPIResponse("200", OASFactory.createAPIResponse().description("OK").content(
                        OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(ref(schema))))));
    }

    private static OpenAPI document(String path, Operation operation) {
        return OASFactory.createOpenAPI()
                .paths(OASFactory.createPaths().addPathItem(path, OASFactory.createPathItem().GET(operation)))
                .addTag(OASFactory.createTag().name("used"))
                .addTag(OASFactory.createTag().name("unused"))
                .components(OASFactory.createComponents()
                        .addSchema("Order", OASFactory.createSchema().addProperty("line", ref("Line")))
                        .addSchema("Line", OASFactory.createSchema().items(ref("Product")))
                        .addSchema("Product", OASFactory.createSchema())
                        .addSchema("OperatorOnly", OASFactory.createSchema())
                        .addResponse("Unused", OASFactory.createAPIResponse().description("never referred to")));
    }

    @Test
    void keepsWhatTheOperationsReachAndDropsTheRest() {
        OpenAPI partner = document("/api/v1/orders", returning("Order", "used"));

        new ApiDocuments().filterOpenAPI(partner);

        // Order, and what it reaches through properties and items; the error body is not referred to here.
        assertThat(partner.getComponents().getSchemas()).containsOnlyKeys("Order", "Line", "Product");
        assertThat(partner.getComponents().getResponses()).isEmpty();
        assertThat(partner.getTags()).extracting(tag -> tag.getName()).containsExactly("used");
        assertThat(partner.getComponents().getSecuritySchemes()).isNullOrEmpty();
    }

    @Test
    void operatorOperationsGetTheOperatorSchemeAndTheirErrorsTheErrorBody() {
        Operation retry = returning("OperatorOnly", ApiDocuments.OPERATOR_TAG)
                .responses(returning("OperatorOnly", "used").getResponses()
                        .addAPIResponse("401", OASFactory.createAPIResponse().description("Not Authorized")));
        OpenAPI operator = document("/admin/orders", retry);
        operator.addTag(OASFactory.createTag().name(ApiDocuments.OPERATOR_TAG)
                .addExtension(ApiDocuments.OPERATOR_PROFILE, ""));

        new ApiDocuments().filterOpenAPI(operator);

        assertThat(operator.getComponents().getSecuritySchemes()).containsOnlyKeys(ApiDocuments.OPERATOR_SCHEME);
        assertThat(retry.getSecurity()).singleElement()
                .satisfies(requirement -> assertThat(requirement.hasScheme(ApiDocuments.OPERATOR_SCHEME)).isTrue());
        for (String status : List.of("401", "403")) {
            assertThat(retry.getResponses().getAPIResponse(status).getContent().getMediaType("application/json")
                    .getSchema().getRef()).isEqualTo("#/components/schemas/" + ApiDocuments.ERROR_BODY);
        }
        // The error body comes with what it refers to; the scan profile marker leaves the tag.
        assertThat(operator.getComponents().getSchemas())
                .containsOnlyKeys("OperatorOnly", ApiDocuments.ERROR_BODY, "FieldError");
        assertThat(operator.getTags()).singleElement().satisfies(tag -> {
            assertThat(tag.getName()).isEqualTo(ApiDocuments.OPERATOR_TAG);
            assertThat(tag.getExtensions()).isNullOrEmpty();
            assertThat(tag.getDescription()).contains("marketplace.admin");
        });
    }
}
