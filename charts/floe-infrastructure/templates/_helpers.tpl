{{/* Names */}}
{{- define "floe-infrastructure.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "floe-infrastructure.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Component name: <release>-<component> */}}
{{- define "floe-infrastructure.component" -}}
{{- printf "%s-%s" (include "floe-infrastructure.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "floe-infrastructure.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "floe-infrastructure.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: floe
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "floe-infrastructure.selectorLabels" -}}
app.kubernetes.io/name: {{ include "floe-infrastructure.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* image: {repository, tag}; refuses mutable tags */}}
{{- define "floe-infrastructure.image" -}}
{{- $tag := .tag | toString -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image %s: set an immutable tag (not empty, not 'latest')" .repository) -}}
{{- end -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end }}

{{- define "floe-infrastructure.polarisClientSecret" -}}
{{- .Values.credentials.names.polarisClient -}}
{{- end }}

{{- define "floe-infrastructure.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "floe-infrastructure.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{- define "floe-infrastructure.postgresHost" -}}
{{- include "floe-infrastructure.component" (dict "root" . "component" "postgresql") -}}
{{- end }}

{{- define "floe-infrastructure.objectstoreEndpoint" -}}
{{- printf "http://%s:%d" (include "floe-infrastructure.component" (dict "root" . "component" "objectstore")) (int .Values.objectStore.service.s3Port) -}}
{{- end }}

{{- define "floe-infrastructure.polarisUrl" -}}
{{- printf "http://%s:%d" (include "floe-infrastructure.component" (dict "root" . "component" "polaris")) (int .Values.polaris.service.port) -}}
{{- end }}

{{/* Pod anti-affinity (prod): spread replicas of one component over nodes */}}
{{- define "floe-infrastructure.affinity" -}}
{{- if .root.Values.antiAffinity.enabled }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "floe-infrastructure.selectorLabels" . | nindent 14 }}
{{- end }}
{{- end }}

{{/* Init container: wait until this chart's PostgreSQL accepts connections (Polaris, Marquez). */}}
{{- define "floe-infrastructure.waitForPostgresql" -}}
{{- if .Values.postgresql.enabled }}
initContainers:
  - name: wait-for-postgresql
    image: {{ include "floe-infrastructure.image" .Values.postgresql.image }}
    imagePullPolicy: IfNotPresent
    command: ["sh", "-c", "until pg_isready -h {{ include "floe-infrastructure.postgresHost" . }} -p 5432 -t 2; do echo waiting for PostgreSQL; sleep 2; done"]
    securityContext:
      {{- include "floe-infrastructure.containerSecurityContext" (dict "readOnly" true) | nindent 6 }}
    resources:
      {{- toYaml .Values.jobResources | nindent 6 }}
{{- end }}
{{- end }}
