{{- define "floe-cube.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "floe-cube.fullname" -}}
{{- if .Values.fullnameOverride }}{{ .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}{{ else }}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{ end }}
{{- end }}

{{- define "floe-cube.component" -}}
{{- printf "%s-%s" (include "floe-cube.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "floe-cube.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "floe-cube.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: floe
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "floe-cube.selectorLabels" -}}
app.kubernetes.io/name: {{ include "floe-cube.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "floe-cube.image" -}}
{{- $tag := .tag | toString -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image %s: set an immutable tag (not empty, not 'latest')" .repository) -}}
{{- end -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end }}

{{- define "floe-cube.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "floe-cube.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{- define "floe-cube.affinity" -}}
{{- if .root.Values.antiAffinity.enabled }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "floe-cube.selectorLabels" . | nindent 14 }}
{{- end }}
{{- end }}

{{/* Environment shared by the API and the refresh worker. */}}
{{- define "floe-cube.env" -}}
- name: CUBEJS_API_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.credentials.names.api }}
      key: api-secret
- name: CUBEJS_DEV_MODE
  value: "false"
- name: CUBEJS_TELEMETRY
  value: "false"
# SQL API (Postgres wire protocol) for BI tools; its user's password comes from the API Secret.
- name: CUBEJS_PG_SQL_PORT
  value: "15432"
- name: CUBEJS_SQL_USER
  value: {{ .Values.sqlApi.user | quote }}
- name: CUBEJS_SQL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.credentials.names.api }}
      key: sql-password
- name: CUBEJS_SCHEMA_PATH
  value: {{ .Values.model.path | quote }}
- name: FLOE_PLATFORM
  value: /etc/floe/platform.yaml
- name: FLOE_SECRETS_DIR
  value: /var/run/secrets/floe
{{- if .Values.cubestore.enabled }}
- name: CUBEJS_CUBESTORE_HOST
  value: {{ include "floe-cube.component" (dict "root" . "component" "cubestore-router") | quote }}
- name: CUBEJS_CUBESTORE_PORT
  value: "3030"
- name: CUBEJS_EXTERNAL_DEFAULT
  value: "true"
{{- else }}
# Without Cube Store, pre-aggregations are stored in DuckDB itself.
- name: CUBEJS_EXTERNAL_DEFAULT
  value: "false"
{{- end }}
{{- with .Values.observability.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: OTEL_SERVICE_NAME
  value: floe-cube
{{- end }}
{{- range $k, $v := .Values.extraEnv }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end }}

{{- define "floe-cube.volumeMounts" -}}
- name: platform
  mountPath: /etc/floe/platform.yaml
  subPath: platform.yaml
  readOnly: true
{{- if or .Values.model.files .Values.model.existingConfigMap }}
- name: model
  mountPath: {{ .Values.model.path }}
  readOnly: true
{{- end }}
{{- range .Values.credentials.mounted }}
- name: {{ printf "secret-%s" . }}
  mountPath: {{ printf "/var/run/secrets/floe/%s" . }}
  readOnly: true
{{- end }}
- name: tmp
  mountPath: /tmp
{{- end }}

{{- define "floe-cube.volumes" -}}
- name: platform
  configMap:
    name: {{ default .Values.platform.configMapName .Values.platform.existingConfigMap }}
{{- if or .Values.model.files .Values.model.existingConfigMap }}
- name: model
  configMap:
    name: {{ default (include "floe-cube.component" (dict "root" . "component" "model")) .Values.model.existingConfigMap }}
{{- end }}
{{- range .Values.credentials.mounted }}
- name: {{ printf "secret-%s" . }}
  secret:
    secretName: {{ . }}
{{- end }}
- name: tmp
  emptyDir:
    sizeLimit: {{ $.Values.tmpSizeLimit }}
{{- end }}
