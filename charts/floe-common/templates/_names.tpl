{{- /*
Names. Each chart keeps nameOverride and fullnameOverride in its values; resources are named after the release
(not <release>-<chart>), so the names platform files point at stay stable: <fullname>-<component>.
*/ -}}

{{- /* floe-common.names.name — the chart name or .Values.nameOverride (63 characters at most). Context: the chart's root. */ -}}
{{- define "floe-common.names.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- /* floe-common.names.fullname — .Values.fullnameOverride or the release name (63 characters at most). Context: the chart's root. */ -}}
{{- define "floe-common.names.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- /* floe-common.names.component — <fullname>-<component>, 63 characters at most. Context: dict "root" "component". */ -}}
{{- define "floe-common.names.component" -}}
{{- printf "%s-%s" (include "floe-common.names.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}
