package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.event.consumer.EventChannels;
import com.gitlab.marketplace.events.Topics;

/** The projection reads the partner registry and what each fulfilment service says of orders. */
public class EventChannelsConfigSource extends EventChannels {

    public EventChannelsConfigSource() {
        consume(PartnerAndFulfilmentEventsConsumer.CHANNEL, "order-api", Topics.PARTNER_EVENTS, Topics.ZUORA_EVENTS,
                Topics.SALESFORCE_EVENTS, Topics.NOTIFICATION_EVENTS);
    }
}
