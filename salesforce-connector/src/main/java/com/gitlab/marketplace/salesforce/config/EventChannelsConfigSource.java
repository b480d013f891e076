package com.gitlab.marketplace.salesforce.config;

import com.gitlab.marketplace.event.consumer.EventChannels;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.salesforce.messaging.OrderAndZuoraEventsConsumer;

/** The connector reads order events (what to record) and zuora events (what Zuora did: the opportunity's stage). */
public class EventChannelsConfigSource extends EventChannels {

    public EventChannelsConfigSource() {
        consume(OrderAndZuoraEventsConsumer.CHANNEL, "salesforce-connector", Topics.ORDER_EVENTS, Topics.ZUORA_EVENTS);
    }
}
