package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.event.consumer.ChannelTopics;
import com.gitlab.marketplace.events.Topics;

/** The projection reads the partner, zuora, salesforce and notification topics. */
public class TopicsConfigSource extends ChannelTopics {

    public TopicsConfigSource() {
        incoming(PlatformEventConsumer.CHANNEL, Topics.PARTNER_EVENTS, Topics.ZUORA_EVENTS, Topics.SALESFORCE_EVENTS,
                Topics.NOTIFICATION_EVENTS);
    }
}
