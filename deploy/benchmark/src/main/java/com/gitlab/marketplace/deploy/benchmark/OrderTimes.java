package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.events.EventType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What happened to one order of the order pipeline benchmark, in wall-clock milliseconds (all processes share
 * this machine's clock). Written by the load generator, the Kafka consumer and the projection reader at once.
 */
final class OrderTimes {
    /** 0 until the POST was answered: events of earlier phases' orders may still arrive. */
    volatile long scheduledAt;
    volatile long answeredAt;
    volatile long outboxAt;
    volatile String customerEmail;
    final Map<EventType, Long> onKafka = new ConcurrentHashMap<>();
    volatile long provisionedAt;
    volatile boolean failed;
}
