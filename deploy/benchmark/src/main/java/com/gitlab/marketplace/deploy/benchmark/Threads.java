package com.gitlab.marketplace.deploy.benchmark;

/** Named platform threads for the load generators (the project compiles for Java 17: no {@code Thread.ofPlatform}). */
final class Threads {

    private Threads() {
    }

    static Thread startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.start();
        return thread;
    }
}
