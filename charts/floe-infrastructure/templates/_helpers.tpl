{{- /* floe-infrastructure's own helpers; names, labels, images, security contexts etc. come from floe-common. */ -}}

{{- define "floe-infrastructure.polarisClientSecret" -}}
{{- .Values.credentials.names.polarisClient -}}
{{- end }}

{{- define "floe-infrastructure.postgresHost" -}}
{{- include "floe-common.names.component" (dict "root" . "component" "postgresql") -}}
{{- end }}

{{- define "floe-infrastructure.objectstoreEndpoint" -}}
{{- printf "http://%s:%d" (include "floe-common.names.component" (dict "root" . "component" "objectstore")) (int .Values.objectStore.service.s3Port) -}}
{{- end }}

{{- define "floe-infrastructure.polarisUrl" -}}
{{- printf "http://%s:%d" (include "floe-common.names.component" (dict "root" . "component" "polaris")) (int .Values.polaris.service.port) -}}
{{- end }}

{{/* Init container: wait until this chart's PostgreSQL accepts connections (Polaris, Marquez). */}}
{{- define "floe-infrastructure.waitForPostgresql" -}}
{{- if .Values.postgresql.enabled }}
initContainers:
  - name: wait-for-postgresql
    image: {{ include "floe-common.images.image" .Values.postgresql.image }}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "until pg_isready -h {{ include "floe-infrastructure.postgresHost" . }} -p 5432 -t 2; do echo waiting for PostgreSQL; sleep 2; done"]
    securityContext:
      {{- include "floe-common.securityContext.container" (dict "readOnly" true) | nindent 6 }}
    resources:
      {{- toYaml .Values.jobResources | nindent 6 }}
{{- end }}
{{- end }}
