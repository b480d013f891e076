package com.gitlab.marketplace.order.webhook;

import com.gitlab.marketplace.order.config.OrderApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a partner's webhook may point (API.md §2.7), checked when it is set and again before every delivery, so a
 * name that later resolves elsewhere (DNS rebinding) is caught: {@code https} (plain {@code http} only to loopback
 * where the deployment allows loopback), no credentials in the URL, and every address the host resolves to public.
 * Not public: loopback, private (RFC 1918, IPv6 unique local), link-local, carrier-grade NAT, multicast, the
 * unspecified and reserved ranges, and the cloud metadata addresses, which no setting allows.
 */
@ApplicationScoped
public class WebhookAddresses {

    private static final int MAX_URL_LENGTH = 2048;

    private final OrderApiConfig.Webhooks config;

    public WebhookAddresses(OrderApiConfig config) {
        this.config = config.webhooks();
    }

    /** A URL refused, with the reason a partner can act on. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Where to deliver: the URL, and the checked address to connect to (its host stays in Host and SNI). */
    public record Target(URI uri, InetAddress address, int port) {
    }

    /** Checks the URL's form only (no DNS): what a partner's PUT is told first. */
    public URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials (user:password@); the signature authenticates us");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment (#…)");
        }
        return uri;
    }

    /** Checks the URL and resolves its host (blocking: call it off the event loop). */
    public Target resolve(String url) throws Refused {
        URI uri = parse(url);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("has a host that does not resolve: " + host);
        }
        boolean http = uri.getScheme().equalsIgnoreCase("http");
        for (InetAddress address : List.of(addresses)) {
            String why = notAllowed(address);
            if (why != null) {
                throw new Refused("resolves to " + address.getHostAddress() + ", " + why);
            }
            if (http && !address.isLoopbackAddress()) {
                throw new Refused("must be an https URL");
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : http ? 80 : 443;
        return new Target(uri, addresses[0], port);
    }

    /** Why this address may not be called, or null. */
    String notAllowed(InetAddress address) {
        if (address instanceof Inet6Address v6 && isIpv4Mapped(v6.getAddress())) {
            try {
                byte[] b = v6.getAddress();
                return notAllowed(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are an IPv4 address", e);
            }
        }
        if (isMetadata(address)) {
            return "a cloud metadata address";
        }
        if (address.isLoopbackAddress()) {
            return config.allowLoopback() ? null : "a loopback address";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || isReserved(address)) {
            return "not a public address";
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || isPrivateOther(address)) {
            return config.allowPrivateAddresses() ? null : "a private address";
        }
        if (address instanceof Inet6Address && !isGlobalUnicastV6(address.getAddress())) {
            return "not a public address";
        }
        return null;
    }

    /**
     * IPv6 global unicast (2000::/3) that is not a way to an IPv4 address the checks above would judge: NAT64
     * (64:ff9b::/96 lies outside 2000::/3 anyway; 64:ff9b:1::/48 too), 6to4 (2002::/16) and Teredo (2001::/32).
     * The rest of the IPv6 space (IPv4-compatible ::a.b.c.d, discard, documentation ranges…) is not a partner's.
     */
    private static boolean isGlobalUnicastV6(byte[] b) {
        if ((b[0] & 0xe0) != 0x20) {
            return false;
        }
        boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02;
        boolean teredo = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0;
        boolean documentation = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
                && (b[3] & 0xff) == 0xb8;
        return !sixToFour && !teredo && !documentation;
    }

    private static boolean isMetadata(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            // 169.254.169.254 (AWS, GCP, Azure, OpenStack), 100.100.100.200 (Alibaba)
            return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254
                    || (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200;
        }
        // fd00:ec2::254 (AWS over IPv6)
        return address.getHostAddress().toLowerCase(Locale.ROOT).startsWith("fd00:ec2:0:0:0:0:0:254");
    }

    /** Carrier-grade NAT (100.64.0.0/10) and IPv6 unique local (fc00::/7): private, though Java does not say so. */
    private static boolean isPrivateOther(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return (b[0] & 0xfe) == 0xfc;
    }

    /** 0.0.0.0/8, 192.0.0.0/24, 198.18.0.0/15 (benchmarking), 240.0.0.0/4 and the broadcast address. */
    private static boolean isReserved(InetAddress address) {
        byte[] b = address.getAddress();
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        int first = b[0] & 0xff;
        return first == 0 || first >= 240 || first == 192 && b[1] == 0 && b[2] == 0
                || first == 198 && ((b[1] & 0xff) == 18 || (b[1] & 0xff) == 19);
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
