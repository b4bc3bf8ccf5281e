{{- /*
Labels. Every object carries the recommended app.kubernetes.io labels plus part-of: floe; selectors use the stable
subset (name, instance, component). The helm.sh/chart label names the chart that renders the object, not this library.
*/ -}}

{{- /* floe-common.labels.standard — all labels of an object. Context: dict "root" "component". */ -}}
{{- define "floe-common.labels.standard" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "floe-common.names.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: floe
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- /* floe-common.labels.matchLabels — the selector labels of a component's pods. Context: dict "root" "component". */ -}}
{{- define "floe-common.labels.matchLabels" -}}
app.kubernetes.io/name: {{ include "floe-common.names.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
