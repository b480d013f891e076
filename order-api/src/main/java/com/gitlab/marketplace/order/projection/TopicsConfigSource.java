package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.events.Topics;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Feeds the consumed topic names from the event contract into the messaging configuration, so no topic
 * name is spelled here. A low ordinal lets the environment still override it.
 */
public class TopicsConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming." + PlatformEventConsumer.CHANNEL + ".topics",
            String.join(",", Topics.PARTNER_EVENTS, Topics.ZUORA_EVENTS, Topics.SALESFORCE_EVENTS,
                    Topics.NOTIFICATION_EVENTS));

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "marketplace-topics";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
