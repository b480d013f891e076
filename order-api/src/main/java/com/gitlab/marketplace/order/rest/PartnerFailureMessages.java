package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.order.status.Failure;

/**
 * What a partner is told of a failed step: what failed and what happens next, never where. A failure's own
 * message is written for operators and may quote a host, a setting's name, a timeout or a mail server's reply;
 * it stays in the operator's view of the order (GET /admin/orders/{id}). Only a refusal of the order's data by
 * Zuora or Salesforce is passed on as its system worded it (API.md §2.2's examples): the partner may have to
 * change the order.
 */
final class PartnerFailureMessages {

    private PartnerFailureMessages() {
    }

    static String of(Failure failure) {
        boolean refusedData = !failure.retryable() && !FailureSource.NOTIFICATION.equals(failure.source());
        if (refusedData) {
            return failure.message();
        }
        return switch (failure.code()) {
            case IncidentCodes.OUTCOME_UNKNOWN -> "Zuora did not confirm the subscription in time; GitLab is checking "
                    + "whether it exists and will complete the order";
            case IncidentCodes.ACTIVATION_OVERDUE -> "the subscription did not become active in time; GitLab will "
                    + "complete the order";
            case IncidentCodes.STAGE_NOT_WRITTEN -> "the CRM record could not be updated in time; GitLab will complete "
                    + "the order";
            default -> bySource(failure);
        };
    }

    private static String bySource(Failure failure) {
        return switch (failure.source()) {
            case FailureSource.ZUORA -> failure.nothingBilled() ? "Zuora refused the order for the moment; nothing "
                    + "was billed and the order may be placed again" : "Zuora could not be reached in time; GitLab will "
                    + "complete the order";
            case FailureSource.SALESFORCE -> "the CRM records could not be created in time; GitLab will complete the "
                    + "order";
            case FailureSource.NOTIFICATION -> failure.retryable() ? "the license email could not be sent in time; "
                    + "GitLab will send it" : "the customer's mail server refused the license email; check "
                    + "customer.contact.email and ask GitLab to send it again";
            default -> "a step of the order failed; GitLab will complete the order";
        };
    }
}
