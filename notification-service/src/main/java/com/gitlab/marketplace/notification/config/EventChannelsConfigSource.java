package com.gitlab.marketplace.notification.config;

import com.gitlab.marketplace.event.consumer.EventChannels;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.notification.messaging.OrderAndZuoraEventsConsumer;

/** The service reads order events (the customer and lines) and zuora events (the subscription is active). */
public class EventChannelsConfigSource extends EventChannels {

    public EventChannelsConfigSource() {
        consume(OrderAndZuoraEventsConsumer.CHANNEL, "notification-service", Topics.ORDER_EVENTS, Topics.ZUORA_EVENTS);
    }
}
