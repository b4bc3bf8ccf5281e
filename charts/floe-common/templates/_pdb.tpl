{{- /*
floe-common.podDisruptionBudget — the PodDisruptionBudget of one component (pods selected by its matchLabels).
With more than one replica, one pod must stay available (minAvailable: 1); with a single replica, voluntary evictions
are refused (maxUnavailable: 0) until an operator moves the pod.
Context: dict "root" "name" "component" "replicas". The chart decides whether to render it.
*/ -}}
{{- define "floe-common.podDisruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  labels:
    {{- include "floe-common.labels.standard" . | nindent 4 }}
spec:
  {{- if gt (int .replicas) 1 }}
  minAvailable: 1
  {{- else }}
  # A single replica: voluntary evictions (node drains) wait for an operator instead of taking the service down.
  maxUnavailable: 0
  {{- end }}
  selector:
    matchLabels:
      {{- include "floe-common.labels.matchLabels" . | nindent 6 }}
{{- end }}
