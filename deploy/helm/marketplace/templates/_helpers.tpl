{{/*
The chart's name, overridable with nameOverride.
*/}}
{{- define "marketplace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's base name: <release>-<chart> unless the release name already contains the chart's name.
*/}}
{{- define "marketplace.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The platform's services, by their values key. Every per-service template ranges over this list.
*/}}
{{- define "marketplace.serviceKeys" -}}
tokenService orderApi zuoraConnector salesforceConnector notificationService
{{- end }}

{{/*
A component's resource name: <fullname>-<component>, e.g. marketplace-order-api.
Call with (dict "root" $ "component" "order-api").
*/}}
{{- define "marketplace.componentName" -}}
{{- printf "%s-%s" (include "marketplace.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object. Call with (dict "root" $ "component" "order-api").
*/}}
{{- define "marketplace.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "marketplace.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: marketplace-order-platform
{{- end }}

{{/*
Selector labels: stable across upgrades (no version, no chart), so Deployments' selectors never change.
*/}}
{{- define "marketplace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "marketplace.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
The image of a component: <registry>/<repository>:<tag>, the tag fixed (the chart's appVersion by default).
Call with (dict "root" $ "image" $svc.image).
*/}}
{{- define "marketplace.image" -}}
{{- $tag := default .root.Chart.AppVersion (default .root.Values.image.tag .image.tag) }}
{{- printf "%s/%s:%s" .root.Values.image.registry .image.repository $tag }}
{{- end }}

{{/*
The service account's name.
*/}}
{{- define "marketplace.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "marketplace.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
What every service needs: HTTP port, its database (URLs built from postgresql.*, credentials from its
existingSecret) and Kafka. Call with (dict "root" $ "svc" $svc).
*/}}
{{- define "marketplace.commonEnv" -}}
{{- $pg := .root.Values.postgresql }}
{{- $query := ternary (printf "?sslmode=%s" $pg.sslMode) "" (ne $pg.sslMode "disable") }}
- name: QUARKUS_HTTP_PORT
  value: "8080"
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ printf "jdbc:postgresql://%s:%d/%s%s" $pg.host (int $pg.port) .svc.database.name $query | quote }}
- name: QUARKUS_DATASOURCE_REACTIVE_URL
  value: {{ printf "postgresql://%s:%d/%s%s" $pg.host (int $pg.port) .svc.database.name $query | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .svc.database.existingSecret }}
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .svc.database.existingSecret }}
      key: password
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .root.Values.kafka.bootstrapServers | quote }}
# Replaces the image's JAVA_OPTS_APPEND, so it repeats the image's log manager setting.
- name: JAVA_OPTS_APPEND
  value: {{ printf "-Djava.util.logging.manager=org.jboss.logmanager.LogManager %s" .root.Values.jvmOptions | quote }}
{{- end }}

{{/*
A variable from a key of a Secret. Call with (dict "name" "ENV_NAME" "secret" "secret-name" "key" "key" "optional" false).
*/}}
{{- define "marketplace.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end }}

{{/*
Each service's own settings.
*/}}
{{- define "marketplace.env.tokenService" -}}
{{- $s := .Values.tokenService.secrets.existingSecret }}
- name: TOKEN_SERVICE_ISSUER
  value: {{ .Values.publicUrl | quote }}
{{- with .Values.tokenService.trustedProxies }}
- name: QUARKUS_HTTP_PROXY_TRUSTED_PROXIES
  value: {{ join "," . | quote }}
{{- end }}
- name: TOKEN_SERVICE_SIGNING_KEYS_PUBLISH_LEAD
  value: {{ .Values.tokenService.signingKeyPublishLead | quote }}
{{ include "marketplace.secretEnv" (dict "name" "TOKEN_SERVICE_CLIENT_SECRET_PEPPER" "secret" $s "key" "client-secret-pepper") }}
{{ include "marketplace.secretEnv" (dict "name" "TOKEN_SERVICE_SIGNING_KEYS_ENCRYPTION_KEY" "secret" $s "key" "signing-keys-encryption-key") }}
{{ include "marketplace.secretEnv" (dict "name" "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_ID" "secret" $s "key" "bootstrap-admin-client-id") }}
{{ include "marketplace.secretEnv" (dict "name" "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_SECRET" "secret" $s "key" "bootstrap-admin-client-secret") }}
{{- end }}

{{- define "marketplace.env.orderApi" -}}
- name: ORDER_API_TOKEN_ISSUER
  value: {{ .Values.publicUrl | quote }}
- name: ORDER_API_CREATE_WAIT
  value: {{ .Values.orderApi.createWait | quote }}
{{- /* An operator's view of an order reads the steps of the services that keep them, on their Services. */}}
{{- $stepServices := list }}
{{- range $key := list "zuoraConnector" "salesforceConnector" "notificationService" }}
{{- if (index $.Values $key).enabled }}
{{- $stepServices = append $stepServices (printf "http://%s:8080" (include "marketplace.componentName" (dict "root" $ "component" (kebabcase $key)))) }}
{{- end }}
{{- end }}
- name: ORDER_API_STEP_SERVICES
  value: {{ join "," $stepServices | quote }}
{{- end }}

{{- define "marketplace.env.zuoraConnector" -}}
{{- $s := .Values.zuoraConnector.secrets.existingSecret }}
- name: ZUORA_CONNECTOR_TOKEN_ISSUER
  value: {{ .Values.publicUrl | quote }}
- name: ZUORA_CONNECTOR_ZUORA_BASE_URL
  value: {{ .Values.zuoraConnector.zuoraBaseUrl | quote }}
- name: ZUORA_CONNECTOR_SUBSCRIPTIONS_CALLOUT_DEADLINE
  value: {{ .Values.zuoraConnector.calloutDeadline | quote }}
{{ include "marketplace.secretEnv" (dict "name" "ZUORA_CONNECTOR_ZUORA_CLIENT_ID" "secret" $s "key" "zuora-client-id") }}
{{ include "marketplace.secretEnv" (dict "name" "ZUORA_CONNECTOR_ZUORA_CLIENT_SECRET" "secret" $s "key" "zuora-client-secret") }}
{{ include "marketplace.secretEnv" (dict "name" "ZUORA_CONNECTOR_CALLOUT_USERNAME" "secret" $s "key" "callout-username") }}
{{ include "marketplace.secretEnv" (dict "name" "ZUORA_CONNECTOR_CALLOUT_PASSWORD" "secret" $s "key" "callout-password") }}
{{ include "marketplace.secretEnv" (dict "name" "ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET" "secret" $s "key" "callout-hmac-secret" "optional" true) }}
{{- end }}

{{- define "marketplace.env.salesforceConnector" -}}
- name: SALESFORCE_CONNECTOR_TOKEN_ISSUER
  value: {{ .Values.publicUrl | quote }}
{{- $s := .Values.salesforceConnector.secrets.existingSecret }}
- name: SALESFORCE_CONNECTOR_SALESFORCE_LOGIN_URL
  value: {{ .Values.salesforceConnector.salesforceLoginUrl | quote }}
- name: SALESFORCE_CONNECTOR_SALESFORCE_API_VERSION
  value: {{ .Values.salesforceConnector.apiVersion | quote }}
{{ include "marketplace.secretEnv" (dict "name" "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_ID" "secret" $s "key" "salesforce-client-id") }}
{{ include "marketplace.secretEnv" (dict "name" "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_SECRET" "secret" $s "key" "salesforce-client-secret") }}
{{- end }}

{{- define "marketplace.env.notificationService" -}}
{{- $n := .Values.notificationService }}
- name: NOTIFICATION_SERVICE_TOKEN_ISSUER
  value: {{ .Values.publicUrl | quote }}
- name: NOTIFICATION_SERVICE_MAIL_FROM
  value: {{ $n.mailFrom | quote }}
- name: NOTIFICATION_SERVICE_LICENSE_KEYS_DIRECTORY
  value: /etc/marketplace/license-keys
- name: NOTIFICATION_SERVICE_LICENSE_ACTIVE_KEY
  value: {{ $n.licenseKeys.activeKeyId | quote }}
- name: NOTIFICATION_SERVICE_SMTP_HOST
  value: {{ $n.smtp.host | quote }}
- name: NOTIFICATION_SERVICE_SMTP_PORT
  value: {{ $n.smtp.port | quote }}
- name: NOTIFICATION_SERVICE_SMTP_TLS
  value: {{ $n.smtp.tls | quote }}
- name: NOTIFICATION_SERVICE_SMTP_START_TLS
  value: {{ $n.smtp.startTls | quote }}
{{- if $n.smtp.existingSecret }}
{{ include "marketplace.secretEnv" (dict "name" "NOTIFICATION_SERVICE_SMTP_USERNAME" "secret" $n.smtp.existingSecret "key" "username") }}
{{ include "marketplace.secretEnv" (dict "name" "NOTIFICATION_SERVICE_SMTP_PASSWORD" "secret" $n.smtp.existingSecret "key" "password") }}
{{- end }}
{{- end }}

{{/*
A service's whole environment: common, its own, the migration switch and extraEnv. The service container and
its migration init container share it, since a service validates its configuration before it migrates.
Call with (dict "root" $ "key" "orderApi" "migrate" true).
*/}}
{{- define "marketplace.containerEnv" -}}
{{- $svc := index .root.Values .key -}}
{{ include "marketplace.commonEnv" (dict "root" .root "svc" $svc) }}
{{ include (printf "marketplace.env.%s" .key) .root }}
- name: QUARKUS_FLYWAY_MIGRATE_AT_START
  value: {{ .migrate | quote }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The paths of the partner host (API.md): path prefix and the component serving it. The Ingress, the HTTPRoute
and the NetworkPolicy (which services the ingress controller may reach) read this one list.
*/}}
{{- define "marketplace.partnerPaths" -}}
- path: /oauth
  component: token-service
- path: /.well-known
  component: token-service
- path: /api/v1/marketplace
  component: order-api
- path: /openapi
  component: order-api
- path: /openapi-docs
  component: order-api
- path: /openapi_docs
  component: order-api
- path: /api/v1/zuora/callouts
  component: zuora-connector
- path: /api/v1/licenses/public-keys
  component: notification-service
{{- end }}

{{/*
A service container's mounts: /tmp, and notification-service's license keys. Call with the service's key.
*/}}
{{- define "marketplace.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if eq . "notificationService" }}
- name: license-keys
  mountPath: /etc/marketplace/license-keys
  readOnly: true
{{- end }}
{{- end }}

{{/*
Volumes every pod mounts: a writable /tmp, since the root filesystem is read-only.
*/}}
{{- define "marketplace.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 128Mi
{{- end }}
