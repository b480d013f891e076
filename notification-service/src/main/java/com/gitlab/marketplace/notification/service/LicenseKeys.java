package com.gitlab.marketplace.notification.service;

import com.gitlab.marketplace.license.format.IssuerKeys;
import com.gitlab.marketplace.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The issuer's RSA keys, loaded once from the keys directory: the active one signs new licenses; every key
 * is published (its public part) so instances and support can verify licenses of any of them.
 */
@ApplicationScoped
public class LicenseKeys {

    /** A key id and its key. */
    public record IssuerKey(String id, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
    }

    private final Map<String, IssuerKey> keys;
    private final String activeKey;

    public LicenseKeys(NotificationConfig config) {
        Path directory = config.license().keysDirectory();
        this.activeKey = config.license().activeKey();
        this.keys = load(directory);
        if (!keys.containsKey(activeKey)) {
            throw new IllegalStateException("notification-service.license.active-key '" + activeKey + "' has no file "
                    + directory.resolve(activeKey + ".pem") + " (keys found: " + keys.keySet() + ")");
        }
    }

    public IssuerKey active() {
        return keys.get(activeKey);
    }

    public Map<String, IssuerKey> all() {
        return keys;
    }

    public boolean isActive(String id) {
        return activeKey.equals(id);
    }

    private static Map<String, IssuerKey> load(Path directory) {
        Map<String, IssuerKey> loaded = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem")).toList()) {
                String id = file.getFileName().toString().replaceFirst("\\.pem$", "");
                RSAPrivateCrtKey key;
                try {
                    key = IssuerKeys.privateKey(Files.readString(file));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(file + ": " + e.getMessage(), e);
                }
                loaded.put(id, new IssuerKey(id, key, IssuerKeys.publicKeyOf(key)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("notification-service.license.keys-directory " + directory
                    + " cannot be read", e);
        }
        return loaded;
    }
}
