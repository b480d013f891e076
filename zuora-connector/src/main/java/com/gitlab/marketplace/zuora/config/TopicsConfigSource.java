package com.gitlab.marketplace.zuora.config;

import com.gitlab.marketplace.event.consumer.ChannelTopics;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.zuora.messaging.OrderEventsConsumer;
import com.gitlab.marketplace.zuora.service.CalloutService;

/** The connector reads order events and writes callouts straight to the zuora topic. */
public class TopicsConfigSource extends ChannelTopics {

    public TopicsConfigSource() {
        incoming(OrderEventsConsumer.CHANNEL, Topics.ORDER_EVENTS);
        outgoing(CalloutService.CHANNEL, Topics.ZUORA_EVENTS);
    }
}
