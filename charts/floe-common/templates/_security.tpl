{{- /*
Security contexts of floe's pods and containers (restricted Pod Security Standard): non-root, RuntimeDefault seccomp,
no privilege escalation, every capability dropped.
*/ -}}

{{- /* floe-common.securityContext.pod — pod securityContext running as .uid (user, group and fsGroup). Context: dict "uid". */ -}}
{{- define "floe-common.securityContext.pod" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- /* floe-common.securityContext.container — container securityContext; .readOnly sets readOnlyRootFilesystem. Context: dict "readOnly". */ -}}
{{- define "floe-common.securityContext.container" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: {{ .readOnly }}
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}
