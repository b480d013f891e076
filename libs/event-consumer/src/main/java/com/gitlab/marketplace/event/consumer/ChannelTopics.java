package com.gitlab.marketplace.event.consumer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Feeds topic names from the event contract ({@code Topics}) into a service's messaging channels, so no
 * topic name is spelled in configuration. A service subclasses it with its channels and registers the
 * subclass in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}. A low ordinal
 * lets the environment still override a topic.
 */
public abstract class ChannelTopics implements ConfigSource {

    private final Map<String, String> properties = new HashMap<>();

    /** Reads {@code topics} (comma-separated) on the incoming {@code channel}. */
    protected ChannelTopics incoming(String channel, String... topics) {
        properties.put("mp.messaging.incoming." + channel + ".topics", String.join(",", topics));
        return this;
    }

    /** Writes to {@code topic} on the outgoing {@code channel}. */
    protected ChannelTopics outgoing(String channel, String topic) {
        properties.put("mp.messaging.outgoing." + channel + ".topic", topic);
        return this;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(properties.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
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
