{{- /*
floe-common.podDisruptionBudget — the PodDisruptionBudget of one component (pods selected by its matchLabels).
With more than one replica, one pod must stay available during voluntary evictions (minAvailable: 1). A single
replica gets no budget: one that refuses to evict the only pod blocks every node drain and cluster upgrade until
someone intervenes (and managed node pools force the eviction after a while anyway). Run more replicas where a
drain must not interrupt the service.
Context: dict "root" "name" "component" "replicas". The chart decides whether to render it.
*/ -}}
{{- define "floe-common.podDisruptionBudget" -}}
{{- if gt (int .replicas) 1 }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  labels:
    {{- include "floe-common.labels.standard" . | nindent 4 }}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      {{- include "floe-common.labels.matchLabels" . | nindent 6 }}
{{- else }}
# {{ .name }}: a single replica, no PodDisruptionBudget (it would block node drains).
{{- end }}
{{- end }}
