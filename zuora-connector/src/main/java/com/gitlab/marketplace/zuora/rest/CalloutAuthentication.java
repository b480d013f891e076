package com.gitlab.marketplace.zuora.rest;

import com.gitlab.marketplace.failure.throttle.FailureWindows;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Who may send callouts (API.md §3): Basic credentials, and when a secret is configured an HMAC-SHA256
 * signature of the raw body, both compared in constant time. During a rotation the previous password and the
 * previous secret are accepted too, so no callout is refused while Zuora's settings are switched over. A source
 * address that fails too often within the window is refused for the rest of it, whatever it sends (Zuora's
 * first, credential-less request of its challenge flow does not count as a failure).
 */
@ApplicationScoped
public class CalloutAuthentication {

    static final String SIGNATURE_HEADER = "X-Zuora-Signature";
    private static final Logger LOG = Logger.getLogger(CalloutAuthentication.class);

    /** What the check says. */
    sealed interface Verdict {
    }

    /** Authenticated (and signed, when signatures are required). */
    record Accepted() implements Verdict {
    }

    /** No credentials: answer with the Basic challenge Zuora waits for. */
    record Challenge() implements Verdict {
    }

    /** Wrong credentials or signature. */
    record Refused(String error, String message) implements Verdict {
    }

    /** Too many failures from this source: wait. */
    record Throttled(Duration retryAfter) implements Verdict {
    }

    private final List<byte[]> credentials;
    private final List<byte[]> hmacSecrets;
    private final FailureWindows<String> failures;

    public CalloutAuthentication(ZuoraConnectorConfig config) {
        ZuoraConnectorConfig.Callout callout = config.callout();
        this.credentials = Stream.concat(Stream.of(callout.password()), callout.previousPassword().stream())
                .map(password -> (callout.username() + ":" + password).getBytes(StandardCharsets.UTF_8)).toList();
        this.hmacSecrets = Stream.concat(callout.hmacSecret().stream(), callout.previousHmacSecret().stream())
                .map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        this.failures = new FailureWindows<>(callout.maxFailedAuthentications(), callout.failedAuthenticationWindow(),
                100_000);
    }

    Verdict check(String authorization, byte[] body, String signature, String source) {
        Optional<Duration> blocked = failures.blockedFor(source);
        if (blocked.isPresent()) {
            return new Throttled(blocked.get());
        }
        if (authorization == null) {
            return new Challenge();
        }
        if (!credentialsMatch(authorization)) {
            return failed(source, new Refused("unauthorized", "send the callout's Basic credentials"));
        }
        if (!hmacSecrets.isEmpty() && !signedCorrectly(body, signature)) {
            return failed(source, new Refused("invalid_signature", SIGNATURE_HEADER
                    + " is missing or does not match the body"));
        }
        return new Accepted();
    }

    private Verdict failed(String source, Refused refused) {
        if (failures.recordFailure(source)) {
            LOG.warnf("callouts from %s refused for %s after %d failed authentications", source, failures.window(),
                    failures.max());
        }
        return refused;
    }

    private boolean credentialsMatch(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean matches = false;
        for (byte[] expected : credentials) {
            matches |= MessageDigest.isEqual(expected, given); // every candidate compared: no early exit
        }
        return matches;
    }

    private boolean signedCorrectly(byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean matches = false;
        for (byte[] secret : hmacSecrets) {
            matches |= MessageDigest.isEqual(hmac(secret, body == null ? new byte[0] : body), given);
        }
        return matches;
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
