package com.gitlab.marketplace.order.deadletter;

import com.gitlab.marketplace.events.Topics;
import java.util.Optional;

/**
 * Where a dead letter is: its dead-letter topic, partition and offset, written {@code topic:partition:offset}
 * ({@code marketplace.zuora.events.dlq:0:17}). Only the platform's dead-letter topics are dead letters.
 */
public record DeadLetterId(String topic, int partition, long offset) implements Comparable<DeadLetterId> {

    /** The id, if {@code text} names a record of one of the platform's dead-letter topics. */
    public static Optional<DeadLetterId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || !isDeadLetterTopic(parts[0])) {
            return Optional.empty();
        }
        try {
            int partition = Integer.parseInt(parts[1]);
            long offset = Long.parseLong(parts[2]);
            return partition < 0 || offset < 0 ? Optional.empty()
                    : Optional.of(new DeadLetterId(parts[0], partition, offset));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static boolean isDeadLetterTopic(String topic) {
        return Topics.ALL.stream().map(Topics::deadLetter).anyMatch(topic::equals);
    }

    /** The topic the dead letter was refused on, where a replay publishes it again. */
    public String originalTopic() {
        return Topics.ALL.stream().filter(original -> Topics.deadLetter(original).equals(topic)).findFirst()
                .orElseThrow();
    }

    /** In the platform's topic order, then by partition and offset: the order of listing and paging. */
    @Override
    public int compareTo(DeadLetterId other) {
        int byTopic = Integer.compare(topicIndex(topic), topicIndex(other.topic));
        if (byTopic != 0) {
            return byTopic;
        }
        int byPartition = Integer.compare(partition, other.partition);
        return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
    }

    static int topicIndex(String deadLetterTopic) {
        return Topics.ALL.stream().map(Topics::deadLetter).toList().indexOf(deadLetterTopic);
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
