package com.gitlab.marketplace.salesforce.config;

import com.gitlab.marketplace.event.consumer.ChannelTopics;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.salesforce.messaging.PlatformEventConsumer;

/** The connector reads order events (what to sync) and zuora events (the subscription number to stamp). */
public class TopicsConfigSource extends ChannelTopics {

    public TopicsConfigSource() {
        incoming(PlatformEventConsumer.CHANNEL, Topics.ORDER_EVENTS, Topics.ZUORA_EVENTS);
    }
}
