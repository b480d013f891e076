package com.gitlab.marketplace.license.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The license file format: read with the public key only, refused when altered, and byte-exact. */
class LicenseFileTests {

    private static final byte[] ATTRIBUTES = ("{\"version\":1,\"licensee\":{\"Name\":\"Ada Lovelace\",\"Company\":"
            + "\"Acme Corp\",\"Email\":\"ada@acme.example\"},\"issued_at\":\"2026-11-22\",\"expires_at\":\"2027-11-22\","
            + "\"restrictions\":{\"plan\":\"premium\",\"active_user_count\":25,\"subscription_name\":\"A-S00000031\"}}")
            .getBytes(StandardCharsets.UTF_8);
    /** The secrets of the test vector; production draws them at random. */
    private static final LicenseFile.Secrets FIXED = new LicenseFile.Secrets(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"),
            HexFormat.of().parseHex("f0e0d0c0b0a090807060504030201000"));

    private final RSAPrivateCrtKey privateKey = IssuerKeys.privateKey(resource("test-issuer-key.pem"));
    private final RSAPublicKey publicKey = IssuerKeys.publicKey(resource("test-issuer-public-key.pem"));

    @Test
    void aLicenseReadsBackWithThePublicKeyOnly() {
        String file = LicenseFile.encode(ATTRIBUTES, privateKey, "GitLab", LicenseFile.Secrets.random());

        assertThat(LicenseFile.decode(file, publicKey)).isEqualTo(ATTRIBUTES);
        assertThat(file.lines().findFirst()).contains("-".repeat(19) + " BEGIN GITLAB LICENSE " + "-".repeat(19));
        assertThat(file).endsWith("-".repeat(20) + " END GITLAB LICENSE " + "-".repeat(20) + "\n");
        assertThat(file.lines().filter(line -> !line.contains("LICENSE"))).allSatisfy(
                line -> assertThat(line.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void anAlteredLicenseOrAnotherKeyDoesNotVerify() throws Exception {
        String file = LicenseFile.encode(ATTRIBUTES, privateKey, "GitLab", LicenseFile.Secrets.random());
        String[] lines = file.split("\n");
        char[] middle = lines[3].toCharArray();
        middle[10] = middle[10] == 'A' ? 'B' : 'A';
        lines[3] = new String(middle);
        String tampered = String.join("\n", lines) + "\n";
        assertThatThrownBy(() -> LicenseFile.decode(tampered, publicKey))
                .isInstanceOf(LicenseFile.InvalidLicenseException.class);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPublicKey someoneElse = (RSAPublicKey) generator.generateKeyPair().getPublic();
        assertThatThrownBy(() -> LicenseFile.decode(file, someoneElse))
                .isInstanceOf(LicenseFile.InvalidLicenseException.class);
        assertThatThrownBy(() -> LicenseFile.decode("not a license", publicKey))
                .isInstanceOf(LicenseFile.InvalidLicenseException.class);
    }

    @Test
    void theEncodingIsPinnedByATestVector() {
        // Checked once against OpenSSL: `openssl pkeyutl -verifyrecover` of "key" with the public key gives
        // 000102…0f, and `openssl enc -d -aes-128-cbc` of "data" with that key and "iv" gives the attributes.
        assertThat(LicenseFile.encode(ATTRIBUTES, privateKey, "GitLab", FIXED))
                .isEqualTo(resource("test-vector.gitlab-license"));
    }

    @Test
    void rubyBase64HasSixtyCharacterLinesEachEndingInANewline() {
        assertThat(RubyBase64.encode64(new byte[0])).isEmpty();
        assertThat(RubyBase64.encode64("hi".getBytes(StandardCharsets.US_ASCII))).isEqualTo("aGk=\n");
        String long64 = RubyBase64.encode64(new byte[90]);
        assertThat(long64).isEqualTo("A".repeat(60) + "\n" + "A".repeat(60) + "\n");
        assertThat(RubyBase64.decode64(long64)).hasSize(90);
    }

    private static String resource(String name) {
        try (InputStream in = LicenseFileTests.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }
}
