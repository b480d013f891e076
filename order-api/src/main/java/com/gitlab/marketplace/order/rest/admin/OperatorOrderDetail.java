package com.gitlab.marketplace.order.rest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.order.service.OperatorAction;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One order as operators read it: the order as listed, and what operators did with it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "OperatorOrderDetail")
public record OperatorOrderDetail(
        @Schema(required = true) OperatorOrderView order,
        @Schema(required = true, description = "Every retry and re-drive of the order, oldest first: who, when, why")
        List<OperatorAction> operatorActions) {
}
