package com.gitlab.marketplace.crypto.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class FastCryptoProviderTests {

    @Test
    void es256RunsOnTheNativeProviderAndInteroperatesWithTheJdks() throws Exception {
        // Keys and signatures made by the JDK's provider before the install (keys loaded at startup are).
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] message = "header.payload".getBytes(StandardCharsets.US_ASCII);
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initSign(keys.getPrivate());
        jdk.update(message);
        byte[] signedByJdk = jdk.sign();

        assertThat(FastCryptoProvider.install()).isTrue();

        assertThat(FastCryptoProvider.ecdsaProvider()).isEqualTo("AmazonCorrettoCryptoProvider");
        Signature fast = Signature.getInstance("SHA256withECDSA");
        fast.initVerify(keys.getPublic());
        fast.update(message);
        assertThat(fast.verify(signedByJdk)).isTrue();
        fast.initSign(keys.getPrivate());
        fast.update(message);
        byte[] signedFast = fast.sign();
        jdk.initVerify(keys.getPublic());
        jdk.update(message);
        assertThat(jdk.verify(signedFast)).isTrue();
    }
}
