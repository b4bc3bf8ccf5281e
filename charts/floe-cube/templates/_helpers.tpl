{{- /* floe-cube's own helpers; names, labels, images, security contexts etc. come from floe-common. */ -}}

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
  value: {{ include "floe-common.names.component" (dict "root" . "component" "cubestore-router") | quote }}
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
    name: {{ default (include "floe-common.names.component" (dict "root" . "component" "model")) .Values.model.existingConfigMap }}
{{- end }}
{{- /* Optional: the Polaris client Secret exists only once floe-infrastructure's init job ran, and a required mount
would hold the pod (and `helm install --wait` of the umbrella) before it. floe resolves a `secret:` reference when
it uses it, and names the file it misses; /readyz stays failed until then. */}}
{{- range .Values.credentials.mounted }}
- name: {{ printf "secret-%s" . }}
  secret:
    secretName: {{ . }}
    optional: true
{{- end }}
- name: tmp
  emptyDir:
    sizeLimit: {{ $.Values.tmpSizeLimit }}
{{- end }}
