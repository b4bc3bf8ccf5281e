{{- /*
floe-common.serviceMonitor — a Prometheus Operator ServiceMonitor scraping the Service of one component (selected by
its matchLabels) on .port at .path, every .Values.serviceMonitor.interval, with the chart's
.Values.serviceMonitor.labels added (what the Prometheus' serviceMonitorSelector matches).
Context: dict "root" "name" "component" "port" "path". The chart decides whether to render it.
*/ -}}
{{- define "floe-common.serviceMonitor" -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ .name }}
  labels:
    {{- include "floe-common.labels.standard" . | nindent 4 }}
    {{- with .root.Values.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "floe-common.labels.matchLabels" . | nindent 6 }}
  endpoints:
    - port: {{ .port }}
      path: {{ .path }}
      interval: {{ .root.Values.serviceMonitor.interval }}
{{- end }}
