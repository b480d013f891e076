package com.gitlab.marketplace.crypto.provider;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.security.NoSuchAlgorithmException;
import java.security.Security;
import java.security.Signature;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC, native) first in the JCA provider list at startup, so every
 * {@code SHA256withECDSA} of the service, jose4j's signing in token-service and quarkus-oidc's verifying in
 * order-api, runs natively. Measured on the 2-core build machine (JDK 17): ES256 sign ~0.8 ms and verify
 * ~1.55 ms with the JDK's own provider, ~0.03 ms and ~0.08 ms with this one; on the token and status paths
 * that was most of a request's CPU. Where the native library cannot load (another CPU architecture) the JDK's
 * providers stay, with a warning: slower, not wrong; {@code marketplace.crypto.native-provider=false} keeps
 * them on purpose.
 */
@ApplicationScoped
public class FastCryptoProvider {

    private static final Logger LOG = Logger.getLogger(FastCryptoProvider.class);

    private final boolean enabled;

    FastCryptoProvider(@ConfigProperty(name = "marketplace.crypto.native-provider", defaultValue = "true")
            boolean enabled) {
        this.enabled = enabled;
    }

    void installFirst(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        if (!enabled) {
            LOG.info("native crypto provider disabled (marketplace.crypto.native-provider=false): ES256 runs on "
                    + "the JDK's provider");
            return;
        }
        install();
    }

    /** Installs the provider first if it loads and passes its self-tests; answers whether it is in use. */
    static boolean install() {
        Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        if (loadingError != null) {
            LOG.warnf("native crypto provider unavailable (%s): ES256 runs on the JDK's provider, several times "
                    + "slower", loadingError.toString());
            return false;
        }
        AmazonCorrettoCryptoProvider.install();
        AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        LOG.infof("native crypto provider %s first of %d: SHA256withECDSA from %s",
                AmazonCorrettoCryptoProvider.INSTANCE.getName(), Security.getProviders().length, ecdsaProvider());
        return true;
    }

    static String ecdsaProvider() {
        try {
            return Signature.getInstance("SHA256withECDSA").getProvider().getName();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider offers SHA256withECDSA", e);
        }
    }
}
