package com.gitlab.marketplace.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart as an operator meets it (helm-java renders what {@code helm template} does, without hooks; the
 * {@code helm test} hook is rendered by the lint): {@code helm lint --strict}, rendering with the defaults and with a
 * production-like values file, every manifest read back as a Kubernetes object, and the schema refusing what
 * would deploy something broken.
 */
class ChartTests {

    private static final Path CHART = Path.of("marketplace");
    private static final Path PRODUCTION_VALUES = CHART.resolve("ci/production-values.yaml");
    private static final List<String> SERVICES = List.of("token-service", "order-api", "zuora-connector",
            "salesforce-connector", "notification-service");
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final String RELEASE_NAMESPACE = "marketplace";

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void theDefaultsRenderEachServiceWithItsServiceBudgetAndPolicyAndThePartnerHost() {
        List<HasMetadata> objects = render(t -> t);

        assertThat(names(objects, Deployment.class)).containsExactlyInAnyOrderElementsOf(prefixed(SERVICES));
        assertThat(names(objects, Service.class)).containsExactlyInAnyOrderElementsOf(prefixed(SERVICES));
        assertThat(names(objects, PodDisruptionBudget.class)).containsExactlyInAnyOrderElementsOf(prefixed(SERVICES));
        assertThat(names(objects, NetworkPolicy.class)).containsExactlyInAnyOrderElementsOf(prefixed(SERVICES));
        assertThat(names(objects, Ingress.class)).containsExactly("mkp-marketplace-partner-host");
        assertThat(names(objects, ServiceAccount.class)).containsExactly("mkp-marketplace");
        assertThat(names(objects, HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(objects).filteredOn(o -> o instanceof GenericKubernetesResource).isEmpty();
        for (HasMetadata object : objects) {
            Map<String, String> labels = object.getMetadata().getLabels();
            assertThat(labels).as(object.getKind() + " " + object.getMetadata().getName() + " labels")
                    .containsEntry("app.kubernetes.io/name", "marketplace")
                    .containsEntry("app.kubernetes.io/instance", "mkp")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/version", "1.0.0")
                    .containsKeys("app.kubernetes.io/component", "helm.sh/chart");
        }
    }

    @Test
    void selectorsAreStableAndEveryServiceBudgetAndPolicySelectsItsDeploymentsPods() {
        List<HasMetadata> objects = render(t -> t);

        for (Deployment deployment : of(objects, Deployment.class)) {
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            String name = deployment.getMetadata().getName();
            // Labels that change with an upgrade would make the selector immutable-field errors on `helm upgrade`.
            assertThat(selector).as(name).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance",
                    "app.kubernetes.io/component");
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
            assertThat(find(objects, Service.class, name).getSpec().getSelector()).isEqualTo(selector);
            assertThat(find(objects, PodDisruptionBudget.class, name).getSpec().getSelector().getMatchLabels())
                    .isEqualTo(selector);
            assertThat(find(objects, NetworkPolicy.class, name).getSpec().getPodSelector().getMatchLabels())
                    .isEqualTo(selector);
        }
    }

    @Test
    void everyContainerIsProbedOnTheQuarkusHealthEndpointsAndRunsNonRootOnAReadOnlyFilesystem() {
        List<HasMetadata> objects = render(t -> t.set("sandboxes.enabled", true));

        for (Deployment deployment : of(objects, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            Container container = pod.getContainers().get(0);
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
            assertThat(container.getVolumeMounts()).as(name + " has a writable /tmp")
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            assertThat(container.getImage()).as(name).doesNotEndWith(":latest").contains(":");
            if (name.endsWith("-sandbox")) {
                assertThat(probePath(container.getReadinessProbe())).isEqualTo("/sandbox/health");
                continue;
            }
            assertThat(probePath(container.getStartupProbe())).as(name).isEqualTo("/q/health/started");
            assertThat(probePath(container.getLivenessProbe())).as(name).isEqualTo("/q/health/live");
            assertThat(probePath(container.getReadinessProbe())).as(name).isEqualTo("/q/health/ready");
            assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(container.getImage()).as(name).isEqualTo(
                    "registry.gitlab.com/gitlab-org/marketplace-order-platform/" + name.substring("mkp-marketplace-"
                            .length()) + ":1.0.0");
        }
    }

    @Test
    void everyCredentialComesFromTheOperatorsSecretsNeverFromAValue() {
        List<HasMetadata> objects = render(t -> t);

        Map<String, EnvVar> tokenService = env(find(objects, Deployment.class, "mkp-marketplace-token-service"));
        assertSecret(tokenService, "TOKEN_SERVICE_CLIENT_SECRET_PEPPER", "marketplace-token-service",
                "client-secret-pepper");
        assertSecret(tokenService, "TOKEN_SERVICE_SIGNING_KEYS_ENCRYPTION_KEY", "marketplace-token-service",
                "signing-keys-encryption-key");
        assertSecret(tokenService, "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_SECRET", "marketplace-token-service",
                "bootstrap-admin-client-secret");
        assertSecret(tokenService, "QUARKUS_DATASOURCE_PASSWORD", "marketplace-token-service-db", "password");
        assertThat(tokenService.get("TOKEN_SERVICE_ISSUER").getValue()).isEqualTo("https://marketplace.example.com");
        // No guessed proxy range by default: a wrong guess lets callers choose the address they are throttled by.
        assertThat(tokenService).doesNotContainKey("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        assertThat(env(find(render(t -> t.set("tokenService.trustedProxies[0]", "10.42.0.0/16")), Deployment.class,
                "mkp-marketplace-token-service")).get("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").getValue())
                .isEqualTo("10.42.0.0/16");
        Map<String, EnvVar> zuora = env(find(objects, Deployment.class, "mkp-marketplace-zuora-connector"));
        assertSecret(zuora, "ZUORA_CONNECTOR_ZUORA_CLIENT_SECRET", "marketplace-zuora-connector", "zuora-client-secret");
        assertSecret(zuora, "ZUORA_CONNECTOR_CALLOUT_PASSWORD", "marketplace-zuora-connector", "callout-password");
        assertThat(zuora.get("ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET").getValueFrom().getSecretKeyRef().getOptional())
                .isTrue();
        // Operators' order view: order-api reads each step service's steps with the operator's token, which
        // those services verify against the same issuer.
        assertThat(env(find(objects, Deployment.class, "mkp-marketplace-order-api")).get("ORDER_API_STEP_SERVICES")
                .getValue()).isEqualTo("http://mkp-marketplace-zuora-connector:8080,"
                        + "http://mkp-marketplace-salesforce-connector:8080,http://mkp-marketplace-notification-service:8080");
        assertThat(zuora.get("ZUORA_CONNECTOR_TOKEN_ISSUER").getValue()).isEqualTo("https://marketplace.example.com");
        Map<String, EnvVar> salesforce = env(find(objects, Deployment.class, "mkp-marketplace-salesforce-connector"));
        assertThat(salesforce.get("SALESFORCE_CONNECTOR_TOKEN_ISSUER").getValue())
                .isEqualTo("https://marketplace.example.com");
        assertSecret(salesforce, "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_SECRET", "marketplace-salesforce-connector",
                "salesforce-client-secret");
        Deployment notification = find(objects, Deployment.class, "mkp-marketplace-notification-service");
        assertSecret(env(notification), "NOTIFICATION_SERVICE_SMTP_PASSWORD", "marketplace-smtp", "password");
        assertThat(notification.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName()).containsExactly("marketplace-license-keys");

        for (Deployment deployment : of(objects, Deployment.class)) {
            for (EnvVar variable : env(deployment).values()) {
                if (variable.getName().matches(".*(SECRET|PASSWORD|PEPPER|ENCRYPTION_KEY|USERNAME|CLIENT_ID).*")) {
                    assertThat(variable.getValue()).as(deployment.getMetadata().getName() + " " + variable.getName())
                            .isNull();
                    assertThat(variable.getValueFrom().getSecretKeyRef()).isNotNull();
                }
            }
        }
    }

    @Test
    void thePartnerHostRoutesApiMdsPathsAndNotTheOperatorApi() {
        Ingress ingress = find(render(t -> t), Ingress.class, "mkp-marketplace-partner-host");

        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("marketplace.example.com");
        Map<String, String> routes = rule.getHttp().getPaths().stream().collect(Collectors.toMap(
                p -> p.getPath(), p -> p.getBackend().getService().getName(), (a, b) -> a, LinkedHashMap::new));
        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/oauth", "mkp-marketplace-token-service",
                "/.well-known", "mkp-marketplace-token-service",
                "/api/v1/marketplace", "mkp-marketplace-order-api",
                "/openapi", "mkp-marketplace-order-api",
                "/openapi-docs", "mkp-marketplace-order-api",
                "/openapi_docs", "mkp-marketplace-order-api",
                "/api/v1/zuora/callouts", "mkp-marketplace-zuora-connector",
                "/api/v1/licenses/public-keys", "mkp-marketplace-notification-service"));
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("marketplace-tls");
        // salesforce-connector has no partner path: the ingress controller may not reach it.
        NetworkPolicy salesforce = find(render(t -> t), NetworkPolicy.class, "mkp-marketplace-salesforce-connector");
        assertThat(salesforce.getSpec().getIngress().get(0).getFrom()).hasSize(2);
        NetworkPolicy orderApi = find(render(t -> t), NetworkPolicy.class, "mkp-marketplace-order-api");
        assertThat(orderApi.getSpec().getIngress().get(0).getFrom()).hasSize(3);
    }

    @Test
    void eachPodMigratesItsDatabaseInAnInitContainerAndTheServiceThenDoesNot() {
        Deployment orderApi = find(render(t -> t), Deployment.class, "mkp-marketplace-order-api");

        Container migrate = orderApi.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        Container service = orderApi.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(migrate.getImage()).isEqualTo(service.getImage());
        Map<String, EnvVar> migrateEnv = migrate.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, v -> v));
        assertThat(migrateEnv.get("QUARKUS_INIT_AND_EXIT").getValue()).isEqualTo("true");
        assertThat(migrateEnv.get("QUARKUS_FLYWAY_MIGRATE_AT_START").getValue()).isEqualTo("true");
        assertThat(migrateEnv.get("QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo(env(orderApi).get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertThat(migrate.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(env(orderApi).get("QUARKUS_FLYWAY_MIGRATE_AT_START").getValue()).isEqualTo("false");

        Deployment migratingItself = find(render(t -> t.set("migrations.initContainer", false)), Deployment.class,
                "mkp-marketplace-order-api");
        assertThat(migratingItself.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty();
        assertThat(env(migratingItself).get("QUARKUS_FLYWAY_MIGRATE_AT_START").getValue()).isEqualTo("true");
    }

    @Test
    @SuppressWarnings("unchecked") // the PrometheusRule is read as plain maps and lists
    void theProductionValuesScaleMonitorAndCreateTheTopics() {
        List<HasMetadata> objects = render(t -> t.withValuesFile(PRODUCTION_VALUES));

        assertThat(names(objects, HorizontalPodAutoscaler.class)).containsExactlyInAnyOrder(
                "mkp-marketplace-token-service", "mkp-marketplace-order-api");
        assertThat(find(objects, Deployment.class, "mkp-marketplace-order-api").getSpec().getReplicas())
                .as("the autoscaler owns the replica count").isNull();
        assertThat(find(objects, Deployment.class, "mkp-marketplace-zuora-connector").getSpec().getReplicas())
                .isEqualTo(2);
        List<GenericKubernetesResource> custom = of(objects, GenericKubernetesResource.class);
        assertThat(custom).filteredOn(o -> o.getKind().equals("ServiceMonitor")).hasSize(5)
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry("release", "prometheus"));
        assertThat(objects).filteredOn(o -> o.getKind().equals("HTTPRoute")).hasSize(1);
        GenericKubernetesResource rules = custom.stream().filter(o -> o.getKind().equals("PrometheusRule"))
                .findFirst().orElseThrow();
        assertThat(rules.getMetadata().getLabels()).containsEntry("release", "prometheus");
        List<Map<String, Object>> alerts = ((List<Map<String, Object>>) rules.get("spec", "groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream()).toList();
        assertThat(alerts).extracting(alert -> alert.get("alert")).containsExactlyInAnyOrder(
                "MarketplaceOrdersStuck", "MarketplaceStepsStuck", "MarketplaceDeadLetters",
                "MarketplaceZuoraCalloutsRefused", "MarketplaceUpstreamErrors", "MarketplaceOutboxBehind",
                "MarketplaceRelayLeaders", "MarketplaceOutboxRejected", "MarketplaceConsumerLag",
                "MarketplaceWebhookEndpointDisabled", "MarketplaceWebhooksBehind");
        String guide = readGuide();
        assertThat(alerts).allSatisfy(alert -> {
            assertThat(alert.get("expr").toString()).as("%s is scoped to the release's namespace", alert.get("alert"))
                    .contains("namespace=\"" + RELEASE_NAMESPACE + "\"");
            assertThat(((Map<?, ?>) alert.get("annotations")).get("runbook").toString()).contains((String) alert.get("alert"));
            assertThat(guide).as("the operator guide's runbook line").contains("| `" + alert.get("alert") + "` |");
        });
        assertThat(render(t -> t).stream().map(HasMetadata::getKind)).as("off by default")
                .doesNotContain("PrometheusRule");
        List<GenericKubernetesResource> topics = custom.stream().filter(o -> o.getKind().equals("KafkaTopic")).toList();
        assertThat(topics).hasSize(10).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "prod");
            assertThat(topic.get("spec", "partitions").toString()).isEqualTo("12");
        });
        assertThat(topics.stream().map(t -> t.get("spec", "topicName").toString()))
                .contains("marketplace.order.events", "marketplace.order.events.dlq");
        // Dead letters wait for an operator: kept 30 days by default, the events 7.
        assertThat(topics).allSatisfy(topic -> assertThat(((Map<?, ?>) topic.get("spec", "config"))
                .get("retention.ms")).as(topic.get("spec", "topicName").toString())
                .isEqualTo(topic.get("spec", "topicName").toString().endsWith(".dlq") ? "2592000000" : "604800000"));

        Deployment orderApi = find(objects, Deployment.class, "mkp-marketplace-order-api");
        assertThat(orderApi.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.gitlab.example/marketplace/order-api:1.0.3");
        assertThat(env(orderApi).get("QUARKUS_DATASOURCE_JDBC_URL").getValue()).isEqualTo(
                "jdbc:postgresql://marketplace-db.internal.example:5432/order_api?sslmode=verify-full");
        assertThat(env(orderApi).get("KAFKA_BOOTSTRAP_SERVERS").getValue())
                .isEqualTo("prod-kafka-bootstrap.kafka.svc:9093");
        assertThat(env(find(objects, Deployment.class, "mkp-marketplace-zuora-connector"))
                .get("ZUORA_CONNECTOR_ZUORA_REQUEST_TIMEOUT").getValue()).isEqualTo("PT20S");
        assertThat(orderApi.getSpec().getTemplate().getSpec().getImagePullSecrets().get(0).getName())
                .isEqualTo("registry-credentials");
    }

    @Test
    void theSchemaRefusesValuesThatWouldDeploySomethingBroken() {
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put("tokenService.replicaCount", "two");
        refused.put("image.tag", "latest");
        refused.put("image.pullPolicy", "Sometimes");
        refused.put("kafka.bootstrapServers", "kafka");
        refused.put("postgresql.port", "5432x");
        refused.put("publicUrl", "https://marketplace.example.com/");
        refused.put("tokenService.trustedProxies[0]", "proxy.internal.example");
        refused.put("notificationService.smtp.startTls", "SOMETIMES");
        refused.put("orderApi.createWait", "10 seconds");
        refused.put("replicas", 3);
        refused.put("zuoraConnector.secrets.existingSecret", "");
        refused.put("zuoraConnector.calloutDeadline", "PT");
        refused.forEach((key, value) -> assertThatThrownBy(() -> render(t -> t.set(key, value)))
                .as(key + "=" + value).hasMessageContaining("values don't meet the specifications of the schema"));
        // A required key left out: `--set publicUrl=null` removes it.
        assertThatThrownBy(() -> render(t -> t.set("publicUrl", "null"))).hasMessageContaining("publicUrl");
        // Dead letters kept shorter than the events they stand for would expire before anyone read them.
        assertThatThrownBy(() -> render(t -> t.set("kafka.topics.create", true)
                .set("kafka.topics.deadLetterRetentionMs", 1000)))
                .hasMessageContaining("deadLetterRetentionMs must be at least");
        // Nor longer than consumers remember what they processed: a replay would then act twice.
        for (long forTooLong : new long[] {-1, 3_024_000_000L}) {
            assertThatThrownBy(() -> render(t -> t.set("kafka.topics.create", true)
                    .set("kafka.topics.deadLetterRetentionMs", forTooLong)))
                    .as("deadLetterRetentionMs=" + forTooLong).hasMessageContaining("shorter than 35 days");
        }
    }

    @Test
    void theJvmOptionsStartTheTestsJdkAndEachTakesEffect() throws Exception {
        String javaOptions = env(find(render(t -> t), Deployment.class, "mkp-marketplace-order-api"))
                .get("JAVA_OPTS_APPEND").getValue();
        // An option the JVM refuses stops every pod. The images' JDK (ubi9/openjdk-17-runtime) cannot be started here
        // (no container engine); the JDK running the tests, 17 or later, is the nearest check.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());

        assertThat(java.waitFor()).as(output).isZero();
        assertThat(flag(output, "UseSerialGC")).isEqualTo("true");
        assertThat(flag(output, "MaxRAMPercentage")).startsWith("70");
        assertThat(flag(output, "NewSize")).isEqualTo(String.valueOf(64 * 1024 * 1024));
        assertThat(flag(output, "TrimNativeHeapInterval")).isEqualTo("60000");
    }

    /** A flag's value in {@code -XX:+PrintFlagsFinal}'s table ({@code type name = value {kind} {origin}}). */
    private static String flag(String printFlagsFinal, String name) {
        return printFlagsFinal.lines().map(String::trim).map(line -> line.split("\\s+"))
                .filter(columns -> columns.length > 3 && columns[1].equals(name) && columns[2].equals("="))
                .map(columns -> columns[3]).findFirst().orElseThrow(() -> new AssertionError("no flag " + name));
    }

    private static String readGuide() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> options) {
        String yaml = options.apply(new Helm(CHART).template().withName("mkp").withNamespace(RELEASE_NAMESPACE)
                .withKubeVersion("1.31.0")).call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            Object parsed = KUBERNETES.unmarshal(document);
            assertThat(parsed).as("a Kubernetes object:\n" + document).isInstanceOf(HasMetadata.class);
            HasMetadata object = (HasMetadata) parsed;
            assertThat(object.getApiVersion()).as(document).isNotBlank();
            assertThat(object.getMetadata().getName()).as(document).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            objects.add(object);
        }
        return objects;
    }

    private static <T extends HasMetadata> List<T> of(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<String> names(List<HasMetadata> objects, Class<? extends HasMetadata> type) {
        return of(objects, type).stream().map(o -> o.getMetadata().getName()).toList();
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return of(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static List<String> prefixed(List<String> components) {
        return components.stream().map(c -> "mkp-marketplace-" + c).toList();
    }

    private static Map<String, EnvVar> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, v -> v, (a, b) -> b, LinkedHashMap::new));
    }

    private static void assertSecret(Map<String, EnvVar> env, String name, String secret, String key) {
        assertThat(env).containsKey(name);
        assertThat(env.get(name).getValue()).as(name).isNull();
        assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName()).as(name).isEqualTo(secret);
        assertThat(env.get(name).getValueFrom().getSecretKeyRef().getKey()).as(name).isEqualTo(key);
    }

    private static String probePath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }
}
