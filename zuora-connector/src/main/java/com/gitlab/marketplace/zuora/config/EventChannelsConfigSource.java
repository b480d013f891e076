package com.gitlab.marketplace.zuora.config;

import com.gitlab.marketplace.event.consumer.EventChannels;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.zuora.messaging.OrderEventsConsumer;

/** The connector reads order events; what it tells the platform goes out through its outbox. */
public class EventChannelsConfigSource extends EventChannels {

    public EventChannelsConfigSource() {
        consume(OrderEventsConsumer.CHANNEL, "zuora-connector", Topics.ORDER_EVENTS);
    }
}
