package com.gitlab.marketplace.order.rest;

/**
 * The example requests and answers of the partner document, one group per resource. They live apart from the
 * resources so that a resource reads as its operations. The partner document's lint (Redocly's
 * no-invalid-media-type-examples, Spectral's oas3-valid-media-example, in deploy/local's PartnerDocumentationTests)
 * checks each against its schema.
 */
final class Examples {

    private Examples() {
    }

    /** Examples for placing, reading and listing subscriptions (API.md §2.3–2.5). */
    static final class Subscriptions {

        private Subscriptions() {
        }

        static final String REQUEST = """
                {"externalSubscriptionId": "AWS-PO-2026-000123", "tradingPartnerId": "0018X00003TPartnr",
                 "customer": {"companyName": "Acme Corp",
                   "contact": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@acme.example", "phone": "+1 555 0100"},
                   "address": {"address1": "1 Main St", "address2": null, "city": "Springfield", "state": "IL",
                               "postalCode": "62701", "country": "US"}},
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}]}""";
        /** 201: Zuora has the subscription; the status stays Creating until Salesforce has the order too. */
        static final String CREATED = """
                {"id": "8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10", "externalSubscriptionId": "AWS-PO-2026-000123",
                 "status": "Creating", "subscriptionNumber": "A-S00000031", "createdAt": "2026-11-21T10:00:00Z",
                 "updatedAt": "2026-11-21T10:00:01Z", "errors": [],
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}], "termStartDate": "2026-11-21",
                 "termEndDate": "2027-11-21", "autoRenew": true, "cancelledAt": null}""";
        static final String CREATING = """
                {"id": "8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10", "externalSubscriptionId": "AWS-PO-2026-000123",
                 "status": "Creating", "subscriptionNumber": null, "createdAt": "2026-11-21T10:00:00Z",
                 "updatedAt": "2026-11-21T10:00:00Z", "errors": [],
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}], "termStartDate": null,
                 "termEndDate": null, "autoRenew": null, "cancelledAt": null}""";
        static final String PROVISIONED = """
                {"id": "8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10", "externalSubscriptionId": "AWS-PO-2026-000123",
                 "status": "Provisioned", "subscriptionNumber": "A-S00000031", "createdAt": "2026-11-21T10:00:00Z",
                 "updatedAt": "2026-11-21T10:00:04Z", "errors": [],
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}], "termStartDate": "2026-11-21",
                 "termEndDate": "2027-11-21", "autoRenew": true, "cancelledAt": null}""";
        static final String FAILED = """
                {"id": "8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10", "externalSubscriptionId": "AWS-PO-2026-000123",
                 "status": "Failed", "subscriptionNumber": null, "createdAt": "2026-11-21T10:00:00Z",
                 "updatedAt": "2026-11-21T10:00:02Z",
                 "errors": [{"source": "zuora", "code": "53100320",
                             "message": "Invalid value 'x' for field 'productRatePlanId'.", "retryable": false}],
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}], "termStartDate": null,
                 "termEndDate": null, "autoRenew": null, "cancelledAt": null}""";
        static final String BILLED_WITH_ERROR = """
                {"id": "8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10", "externalSubscriptionId": "AWS-PO-2026-000123",
                 "status": "Creating", "subscriptionNumber": "A-S00000031", "createdAt": "2026-11-21T10:00:00Z",
                 "updatedAt": "2026-11-21T10:00:03Z",
                 "errors": [{"source": "salesforce", "code": "TRADING_PARTNER_NOT_FOUND",
                             "message": "trading partner '0018X00003TPartnr' is not a trading-partner account in Salesforce",
                             "retryable": false}],
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}], "termStartDate": "2026-11-21",
                 "termEndDate": "2027-11-21", "autoRenew": true, "cancelledAt": null}""";
        static final String PAGE = """
                {"subscriptions": [{"id": "8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10", "externalSubscriptionId": "AWS-PO-2026-000123",
                   "status": "Provisioned", "subscriptionNumber": "A-S00000031", "createdAt": "2026-11-21T10:00:00Z",
                   "updatedAt": "2026-11-21T10:00:04Z", "errors": [],
                   "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}],
                   "termStartDate": "2026-11-21", "termEndDate": "2027-11-21", "autoRenew": true, "cancelledAt": null}],
                 "nextPageToken": "MXwxNzk1MjYyNDA0MDAwMDAwfDhlMGE2YzFlLTRiYjEtNGMxYS05ZDU3LTBkM2EwYzdlMmYxMA.q6Cf3nB0w1yJtXoVv0kS8A"}""";
        static final String INVALID_LIST = """
                {"error": "validation_failed", "message": "the request has invalid fields",
                 "details": [{"field": "status", "message": "must be one of [Creating, Created, Failed, Provisioned], not 'Active'"},
                             {"field": "pageSize", "message": "must be a whole number from 1 to 200"}]}""";
        static final String INVALID_PAGE_TOKEN = """
                {"error": "invalid_page_token", "message": "pageToken is not a nextPageToken this list gave you for these \
                filters (status, updatedSince); start again without it"}""";
        static final String INVALID = """
                {"error": "validation_failed", "message": "the request has invalid fields",
                 "details": [{"field": "customer.contact.email", "message": "must be a valid email address"},
                             {"field": "orderLines[0].productId", "message": "unknown product 'premium-saas-9y'"}]}""";
        static final String NOT_PERMITTED = """
                {"error": "trading_partner_not_permitted",
                 "message": "tradingPartnerId '0018X00003Unknown' is not on the permitted list of partner 'acme-distribution'"}""";
        static final String SUBSCRIPTION_FAILED = """
                {"error": "subscription_failed",
                 "message": "the subscription could not be created; the order 'AWS-PO-2026-000123' is Failed (see details and the Location)",
                 "details": [{"field": "zuora", "message": "53100320: Invalid value 'x' for field 'productRatePlanId'."}]}""";
        static final String DUPLICATE = """
                {"error": "duplicate_external_subscription_id",
                 "message": "externalSubscriptionId 'AWS-PO-2026-000123' is already used by an order with a different body"}""";
    }

    /** Examples for changes to a live subscription (API.md §2.6). */
    static final class Changes {

        private Changes() {
        }

        static final String ADD_SEATS = """
                {"externalChangeId": "AWS-PO-2026-000123-A1", "action": "updateQuantity",
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 40}]}""";
        static final String RENEW = """
                {"externalChangeId": "AWS-PO-2026-000123-R1", "action": "renew"}""";
        static final String CANCEL = """
                {"externalChangeId": "AWS-PO-2026-000123-C1", "action": "cancel"}""";
        static final String PENDING = """
                {"externalChangeId": "AWS-PO-2026-000123-A1", "action": "updateQuantity", "status": "Pending",
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 40}],
                 "createdAt": "2026-12-01T09:00:00Z", "updatedAt": "2026-12-01T09:00:00Z", "errors": []}""";
        static final String COMPLETED = """
                {"externalChangeId": "AWS-PO-2026-000123-A1", "action": "updateQuantity", "status": "Completed",
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 40}],
                 "createdAt": "2026-12-01T09:00:00Z", "updatedAt": "2026-12-01T09:00:02Z", "errors": []}""";
        static final String FAILED = """
                {"externalChangeId": "AWS-PO-2026-000123-A1", "action": "updateQuantity", "status": "Failed",
                 "orderLines": [{"productId": "premium-saas-1y", "quantity": 40}],
                 "createdAt": "2026-12-01T09:00:00Z", "updatedAt": "2026-12-01T09:00:02Z",
                 "errors": [{"source": "zuora", "code": "53100030", "message": "The subscription cannot be amended.",
                             "retryable": false}]}""";
        static final String LIST = """
                {"changes": [{"externalChangeId": "AWS-PO-2026-000123-A1", "action": "updateQuantity", "status": "Completed",
                  "orderLines": [{"productId": "premium-saas-1y", "quantity": 40}],
                  "createdAt": "2026-12-01T09:00:00Z", "updatedAt": "2026-12-01T09:00:02Z", "errors": []}]}""";
        static final String DECREASE = """
                {"error": "quantity_decrease_not_allowed", "message": "a quantity below the current one is not allowed mid-term",
                 "details": [{"field": "orderLines[0].quantity", "message": "must be at least the current 40 of \
                'premium-saas-1y': seats only go up during a term (lower them with renew)"}]}""";
        static final String INVALID = """
                {"error": "validation_failed", "message": "the request has invalid fields",
                 "details": [{"field": "action", "message": "must be one of updateQuantity, renew, cancel"}]}""";
        static final String IN_PROGRESS = """
                {"error": "change_in_progress", "message": "change 'AWS-PO-2026-000123-A1' of subscription \
                'AWS-PO-2026-000123' is still Pending; send this one once it is Completed or Failed"}""";
        static final String NOT_ACTIVE = """
                {"error": "subscription_not_active", "message": "subscription 'AWS-PO-2026-000123' is Creating; changes \
                are taken once it is Provisioned"}""";
    }

    /** Examples for the webhook endpoint and its events (API.md §2.7). */
    static final class Webhooks {

        private Webhooks() {
        }

        static final String REQUEST = """
                {"url": "https://hooks.partner.example/gitlab", "events": ["subscription.updated", "change.updated"]}""";
        static final String CREATED = """
                {"url": "https://hooks.partner.example/gitlab", "events": ["subscription.updated", "change.updated"],
                 "enabled": true, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "createdAt": "2026-12-04T10:00:00Z"}""";
        static final String ENDPOINT = """
                {"url": "https://hooks.partner.example/gitlab", "events": ["subscription.updated", "change.updated"],
                 "enabled": true, "createdAt": "2026-12-04T10:00:00Z"}""";
        static final String INVALID_URL = """
                {"error": "invalid_webhook_url", "message": "url resolves to 10.0.0.7, a private address",
                 "details": [{"field": "url", "message": "resolves to 10.0.0.7, a private address"}]}""";
        static final String PING = """
                {"id": "5d0f3c55-0f55-4c8e-8f7e-9e1a1b2c3d4e", "type": "ping", "externalSubscriptionId": null,
                 "state": "pending", "attempts": 0, "lastStatusCode": null, "lastError": null,
                 "nextAttemptAt": "2026-12-04T10:00:00Z", "createdAt": "2026-12-04T10:00:00Z"}""";
        static final String DELIVERIES = """
                {"deliveries": [{"id": "0b5cf1f2-6a57-4d0e-9a53-1f9f3f0c2a11", "type": "subscription.updated",
                  "externalSubscriptionId": "AWS-PO-2026-000123", "state": "delivered", "attempts": 1,
                  "lastStatusCode": 200, "lastError": null, "nextAttemptAt": null, "createdAt": "2026-12-04T10:00:00Z"}],
                 "nextPageToken": null}""";
        static final String DISABLED = """
                {"error": "webhook_disabled", "message": "the webhook endpoint is disabled (the endpoint answered 410 \
                Gone); set it again with PUT /api/v1/marketplace/webhook to enable it"}""";
        static final String SUBSCRIPTION_UPDATED = """
                {"type": "subscription.updated", "timestamp": "2026-12-04T10:00:02Z",
                 "data": {"id": "8f14e45f-ceea-467f-a8f0-4b6a2c7e2b11", "externalSubscriptionId": "AWS-PO-2026-000123",
                          "status": "Provisioned", "subscriptionNumber": "A-S00000031",
                          "createdAt": "2026-12-04T10:00:00Z", "updatedAt": "2026-12-04T10:00:02Z", "errors": [],
                          "orderLines": [{"productId": "premium-saas-1y", "quantity": 25}],
                          "termStartDate": "2026-12-04", "termEndDate": "2027-12-04", "autoRenew": true,
                          "cancelledAt": null}}""";
        static final String CHANGE_UPDATED = """
                {"type": "change.updated", "timestamp": "2026-12-04T11:00:02Z",
                 "data": {"externalSubscriptionId": "AWS-PO-2026-000123", "externalChangeId": "AWS-PO-2026-000123-A1",
                          "action": "updateQuantity", "status": "Completed",
                          "orderLines": [{"productId": "premium-saas-1y", "quantity": 40}],
                          "createdAt": "2026-12-04T11:00:00Z", "updatedAt": "2026-12-04T11:00:02Z", "errors": []}}""";
        static final String PING_EVENT = """
                {"type": "ping", "timestamp": "2026-12-04T10:00:00Z", "data": {"message": "a test event from GitLab \
                Marketplace"}}""";
    }
}
