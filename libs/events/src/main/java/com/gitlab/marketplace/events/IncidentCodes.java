package com.gitlab.marketplace.events;

/**
 * The {@link FailureEvent#code()} of incidents: a step that kept failing until its deadline. Shared because
 * order-api stops listing an incident once what the step was for became a fact (an operator re-drove it and it
 * succeeded), and it recognises the incident by its source and code.
 */
public final class IncidentCodes {

    /** Zuora: whether the subscription was created is unknown after the create step's deadline. */
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";
    /** Zuora: the subscription exists but did not become active within its deadline. */
    public static final String ACTIVATION_OVERDUE = "activation_overdue";
    /** The step's upstream (Salesforce, the mail server; Zuora refusing for the moment) kept failing. */
    public static final String DEADLINE_PASSED = "deadline_passed";
    /** Salesforce: the opportunity's stage could not be brought in line with Zuora. */
    public static final String STAGE_NOT_WRITTEN = "stage_not_written";

    private IncidentCodes() {
    }
}
