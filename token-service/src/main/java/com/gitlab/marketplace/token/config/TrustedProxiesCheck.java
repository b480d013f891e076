package com.gitlab.marketplace.token.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.net.Inet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start when {@code quarkus.http.proxy.trusted-proxies} holds anything but IP literals and CIDR
 * ranges. Quarkus resolves every host name in that list through DNS on every request, without a cache, and
 * reads a bare IPv6 literal ({@code ::1}) as host {@code ":"} with port 1: each request then waits on a
 * lookup, which took 5 s whenever the resolver timed out. Failing at startup names the setting to fix.
 */
@ApplicationScoped
public class TrustedProxiesCheck {

    static final String SETTING = "quarkus.http.proxy.trusted-proxies";

    private final Optional<List<String>> trustedProxies;

    public TrustedProxiesCheck(@ConfigProperty(name = SETTING) Optional<List<String>> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    void check(@Observes StartupEvent startup) {
        trustedProxies.ifPresent(TrustedProxiesCheck::requireAddressesOnly);
    }

    public static void requireAddressesOnly(List<String> entries) {
        for (String entry : entries) {
            String value = entry.trim();
            boolean address = value.contains("/") ? Inet.parseCidrAddress(value) != null
                    : Inet.parseInetAddress(value) != null && !value.contains(":");
            if (!address) {
                throw new IllegalStateException(SETTING + ": '" + value + "' is not an IPv4 address or a CIDR range "
                        + "(write IPv6 as a range, e.g. ::1/128); host names are resolved on every request and "
                        + "stall it when DNS is slow");
            }
        }
    }
}
