package com.gitlab.marketplace.order.rest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.order.service.OperatorAction;
import com.gitlab.marketplace.order.timeline.OrderTimeline;
import com.gitlab.marketplace.order.timeline.StepView;
import com.gitlab.marketplace.order.timeline.TimelineEntry;
import com.gitlab.marketplace.order.timeline.Unreachable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One order as operators read it: the order as listed, what operators did with it, and its timeline across the
 * services.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "OperatorOrderDetail")
public record OperatorOrderDetail(
        @Schema(required = true) OperatorOrderView order,
        @Schema(required = true, description = "Every retry and re-drive of the order, oldest first: who, when, why")
        List<OperatorAction> operatorActions,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = TimelineEntry.class, description = "What "
                + "happened to the order in every service, oldest first: placed, each event about it, each try of "
                + "each step at Zuora, Salesforce or SMTP (outcome, duration, error), each operator action")
        List<TimelineEntry> timeline,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = StepView.class, description = "What the "
                + "platform waits for now: the steps still pending (until nextAttemptAt, at most until deadline) "
                + "or stuck past their deadline")
        List<StepView> waitingNow,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = StepView.class, description = "Every "
                + "step of the order in every service that keeps steps")
        List<StepView> steps,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = Unreachable.class, description = "Services "
                + "whose steps could not be read in time: their tries and waits are missing above")
        List<Unreachable> unreachable) {

    static OperatorOrderDetail of(OperatorOrderView order, List<OperatorAction> actions, OrderTimeline.View view) {
        return new OperatorOrderDetail(order, actions, view.timeline(), view.waitingNow(), view.steps(),
                view.unreachable());
    }
}
