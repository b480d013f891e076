package com.gitlab.marketplace.events;

/** An event read from Kafka: its CloudEvents attributes, its type and its decoded payload. */
public record ReceivedEvent(EventAttributes attributes, EventType type, MarketplaceEvent payload) {
}
