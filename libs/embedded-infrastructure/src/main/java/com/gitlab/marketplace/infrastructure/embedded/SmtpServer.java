package com.gitlab.marketplace.infrastructure.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** A real SMTP server (GreenMail) that keeps every message it receives, for tests to read. */
public final class SmtpServer {

    private static SmtpServer shared;

    private final GreenMail greenMail;

    private SmtpServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** The JVM's server, started on first use and stopped when the JVM exits. */
    public static synchronized SmtpServer shared() {
        if (shared == null) {
            shared = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "embedded-smtp-stop"));
        }
        return shared;
    }

    /** Starts a server of its own on {@code port} (0 for a free port), accepting any credentials. */
    public static SmtpServer start(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(port == 0 ? setup.dynamicPort() : setup);
        greenMail.start();
        return new SmtpServer(greenMail);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    public void stop() {
        greenMail.stop();
    }
}
