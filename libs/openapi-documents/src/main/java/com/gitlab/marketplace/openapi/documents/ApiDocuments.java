package com.gitlab.marketplace.openapi.documents;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Shapes every API document a service serves, at build time.
 * <ul>
 * <li>The operator API (operations whose class carries {@link #OPERATOR_PROFILE}, under {@code /admin}) gets its
 * own document, {@code /q/openapi-operator}, with the operator token scheme and the 401 and 403 it answers.</li>
 * <li>Every document describes the platform's error body ({@link #ERROR_BODY}, the record {@code ApiError} of
 * http-errors) once, for whichever operation refers to it.</li>
 * <li>No document keeps a component or tag that none of its operations uses.</li>
 * </ul>
 */
@OpenApiFilter(documentNames = OpenApiFilter.FILTER_RUN_FOR_ANY_DOCUMENT, stages = OpenApiFilter.RunStage.BUILD)
public class ApiDocuments implements OASFilter {

    /** SmallRye OpenAPI's scan profile: a class with this extension holds operator operations. */
    public static final String OPERATOR_PROFILE = "x-smallrye-profile-operator";
    public static final String OPERATOR_TAG = "operator";
    public static final String OPERATOR_SCHEME = "operatorToken";
    public static final String ERROR_BODY = "ApiError";
    static final String FIELD_ERROR = "FieldError";
    static final String OPERATOR_PATHS = "/admin/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        addErrorBody(components);
        Map<String, PathItem> paths = openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null
                ? Map.of() : openAPI.getPaths().getPathItems();
        paths.forEach((path, item) -> {
            if (path.startsWith(OPERATOR_PATHS)) {
                item.getOperations().values().forEach(ApiDocuments::secureAsOperatorOperation);
            }
        });
        boolean operatorDocument = paths.keySet().stream().anyMatch(path -> path.startsWith(OPERATOR_PATHS));
        if (operatorDocument) {
            components.addSecurityScheme(OPERATOR_SCHEME, OASFactory.createSecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                    .description("An access token with scope marketplace.admin, from token-service's "
                            + "POST /oauth/token (client_credentials) for an operator client"));
        }
        if (openAPI.getTags() != null) {
            openAPI.getTags().forEach(ApiDocuments::describeOperatorTag);
        }
        UnusedComponents.remove(openAPI);
    }

    private static void secureAsOperatorOperation(Operation operation) {
        operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(OPERATOR_SCHEME)));
        // In place of the generic "Not Authorized" and "Not Allowed" that Quarkus adds for @RolesAllowed.
        operation.getResponses().addAPIResponse("401", errorResponse(
                "invalid_token: the access token is missing, invalid or expired"));
        operation.getResponses().addAPIResponse("403", errorResponse(
                "insufficient_scope: the access token lacks marketplace.admin"));
    }

    private static APIResponse errorResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ERROR_BODY))));
    }

    /** The profile marker is how operations are sorted into documents, not part of any document. */
    private static void describeOperatorTag(Tag tag) {
        if (tag.getExtensions() != null && tag.getExtensions().containsKey(OPERATOR_PROFILE)) {
            tag.removeExtension(OPERATOR_PROFILE);
        }
        if (OPERATOR_TAG.equals(tag.getName()) && tag.getDescription() == null) {
            tag.setDescription("Operations for the platform's operators (scope marketplace.admin)");
        }
    }

    private static void addErrorBody(Components components) {
        if (components.getSchemas() != null && components.getSchemas().containsKey(ERROR_BODY)) {
            return;
        }
        components.addSchema(FIELD_ERROR, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .required(List.of("field", "message"))
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The field's JSON path, such as orderLines[0].quantity, or the failed step")
                        .example("customer.contact.email"))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .example("must be a valid email address")));
        components.addSchema(ERROR_BODY, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("The error body of the platform's HTTP APIs (all but the token endpoint's)")
                .required(List.of("error", "message"))
                .addProperty("error", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("A stable code to branch on, such as validation_failed, invalid_token, "
                                + "not_found or payload_too_large")
                        .example("validation_failed"))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("What went wrong, for a person to read"))
                .addProperty("details", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("validation_failed: one entry per invalid field; subscription_failed: one "
                                + "entry per failed step. Absent for the other errors")
                        .items(OASFactory.createSchema().ref(FIELD_ERROR))));
    }
}
