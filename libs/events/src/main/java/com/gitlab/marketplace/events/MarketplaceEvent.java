package com.gitlab.marketplace.events;

/**
 * A payload of one of the platform's events. The subject is the aggregate the event is about: the
 * order id for order events, the partner id for partner events. It is both the Kafka key (so all
 * events of one aggregate stay in one partition, in order) and the {@code ce_subject} header.
 */
public interface MarketplaceEvent {

    String subject();
}
