{{- /*
floe-common.affinities.spread — when the chart's .Values.antiAffinity.enabled is true (prod), an `affinity:` block
that prefers to put the replicas of one component on different nodes; otherwise nothing.
Context: dict "root" "component"; include it at pod-spec level (nindent 6 under a pod template).
*/ -}}
{{- define "floe-common.affinities.spread" -}}
{{- if .root.Values.antiAffinity.enabled }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "floe-common.labels.matchLabels" . | nindent 14 }}
{{- end }}
{{- end }}
