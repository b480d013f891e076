package com.gitlab.marketplace.notification.config;

import com.gitlab.marketplace.event.consumer.ChannelTopics;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.notification.messaging.PlatformEventConsumer;

/** The service reads order events (the customer and lines) and zuora events (the callouts). */
public class TopicsConfigSource extends ChannelTopics {

    public TopicsConfigSource() {
        incoming(PlatformEventConsumer.CHANNEL, Topics.ORDER_EVENTS, Topics.ZUORA_EVENTS);
    }
}
