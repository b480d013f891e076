package com.gitlab.marketplace.pg.notifications;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a {@link ChannelListener} checks that its server still answers ({@code pg-notifications.*}). */
@ConfigMapping(prefix = "pg-notifications")
public interface PgNotificationsConfig {

    /** How often the listening connection is pinged; a silently dead server is noticed within this plus the timeout. */
    @WithDefault("PT10S")
    Duration pingInterval();

    /** A ping unanswered for this long closes the connection, which reconnects. */
    @WithDefault("PT5S")
    Duration pingTimeout();
}
