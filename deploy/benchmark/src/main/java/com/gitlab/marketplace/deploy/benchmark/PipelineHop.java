package com.gitlab.marketplace.deploy.benchmark;

/** The stages of one order in the order pipeline benchmark, each measured from the one before it. */
enum PipelineHop {
    ACCEPTED("POST answered (scheduled start → 202)"),
    OUTBOX_TO_KAFKA("outbox commit → OrderPlaced on Kafka"),
    ZUORA("OrderPlaced → ZuoraSubscriptionCreated (step, sandbox, outbox)"),
    SALESFORCE("OrderPlaced → SalesforceRecordsCreated"),
    ACTIVATION("ZuoraSubscriptionCreated → ZuoraSubscriptionActivated (callout, or look-up)"),
    LICENSE("ZuoraSubscriptionActivated → LicenseNotificationSent (license, SMTP, outbox)"),
    PROJECTION("LicenseNotificationSent → status Provisioned committed (projection)"),
    TOTAL("POST scheduled → Provisioned");

    final String description;

    PipelineHop(String description) {
        this.description = description;
    }
}
