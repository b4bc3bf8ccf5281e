{{- /*
floe-common.networkPolicy — an ingress NetworkPolicy for every pod of the release (app.kubernetes.io/instance):
traffic only from pods of the same namespace and from namespaces whose labels match the chart's
.Values.networkPolicy.allowedNamespaceLabels (e.g. the ingress controller's or Prometheus' namespace).
Context: dict "root" (the chart's root) "name" (object name) "component" (its component label).
The chart decides whether to render it (.Values.networkPolicy.enabled).
*/ -}}
{{- define "floe-common.networkPolicy" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .name }}
  labels:
    {{- include "floe-common.labels.standard" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/instance: {{ .root.Release.Name }}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        - podSelector: {}
        {{- with .root.Values.networkPolicy.allowedNamespaceLabels }}
        - namespaceSelector:
            matchLabels:
              {{- toYaml . | nindent 14 }}
        {{- end }}
{{- end }}
