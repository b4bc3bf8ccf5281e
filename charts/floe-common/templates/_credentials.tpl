{{- /*
floe-common.credentials — the credentials modes of every floe chart.
Renders the Secrets named in `.secrets` (a list of {name, keys, aliases}) according to `.cfg.mode` (the chart's
.Values.credentials block):
  existingSecret  nothing: the Secrets already exist (created by you, Vault agent, another release, ...)
  generate        random values generated on first install and kept on upgrade (lookup-or-generate; laptops)
  externalSecret  one ExternalSecret per Secret (External Secrets Operator); remote key <remoteKeyPrefix>/<name>
  sealedSecret    one SealedSecret per Secret from cfg.sealedSecret.encryptedData.<name>.<key> (kubeseal output)
  sops            one Secret per Secret from cfg.sops.data.<name>.<key>, decrypted by SOPS at deploy time
Never a literal credential in values: only ciphertext (sealedSecret) or SOPS-decrypted values reach the chart.
In mode generate, a key named in `aliases` (key: other key, listed before it) gets the other key's value.
Context: dict "root" (the chart's root) "cfg" (.Values.credentials) "secrets" (the list) "labels" (rendered labels).
*/ -}}
{{- define "floe-common.credentials" -}}
{{- $root := .root -}}
{{- $cfg := .cfg -}}
{{- $labels := .labels -}}
{{- range $s := .secrets }}
{{- if eq $cfg.mode "generate" }}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace $s.name }}
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ $s.name }}
  labels:
    {{- $labels | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{- $generated := dict }}
  {{- range $k := $s.keys }}
  {{- $alias := index ($s.aliases | default dict) $k }}
  {{- $v := "" }}
  {{- if and $existing (hasKey $existing.data $k) }}
  {{- $v = index $existing.data $k }}
  {{- else if $alias }}
  {{- $v = index $generated $alias }}
  {{- else if hasSuffix "id" $k }}
  {{- $v = printf "floe%s" (randAlphaNum 12 | lower) | b64enc }}
  {{- else }}
  {{- $v = randAlphaNum 32 | b64enc }}
  {{- end }}
  {{- $_ := set $generated $k $v }}
  {{ $k }}: {{ $v }}
  {{- end }}
{{- else if eq $cfg.mode "externalSecret" }}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: {{ $s.name }}
  labels:
    {{- $labels | nindent 4 }}
spec:
  refreshInterval: {{ $cfg.externalSecret.refreshInterval | quote }}
  secretStoreRef:
    name: {{ required "credentials.externalSecret.secretStoreRef.name: name the SecretStore or ClusterSecretStore" $cfg.externalSecret.secretStoreRef.name }}
    kind: {{ $cfg.externalSecret.secretStoreRef.kind }}
  target:
    name: {{ $s.name }}
    creationPolicy: Owner
  data:
    {{- range $k := $s.keys }}
    - secretKey: {{ $k }}
      remoteRef:
        key: {{ printf "%s/%s" $cfg.externalSecret.remoteKeyPrefix $s.name }}
        property: {{ $k }}
    {{- end }}
{{- else if eq $cfg.mode "sealedSecret" }}
{{- $enc := index $cfg.sealedSecret.encryptedData $s.name | default dict }}
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: {{ $s.name }}
  labels:
    {{- $labels | nindent 4 }}
spec:
  encryptedData:
    {{- range $k := $s.keys }}
    {{ $k }}: {{ required (printf "credentials.sealedSecret.encryptedData.%s.%s: seal the value with kubeseal" $s.name $k) (index $enc $k) | quote }}
    {{- end }}
  template:
    metadata:
      name: {{ $s.name }}
      labels:
        {{- $labels | nindent 8 }}
    type: Opaque
{{- else if eq $cfg.mode "sops" }}
{{- $data := index $cfg.sops.data $s.name | default dict }}
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ $s.name }}
  labels:
    {{- $labels | nindent 4 }}
type: Opaque
data:
  {{- range $k := $s.keys }}
  {{- $v := index $data $k | default "" | toString }}
  {{- if hasPrefix "ENC[" $v }}
  {{- fail (printf "credentials.sops.data.%s.%s is still SOPS-encrypted: deploy through helm-secrets or Flux SOPS decryption" $s.name $k) }}
  {{- end }}
  {{ $k }}: {{ required (printf "credentials.sops.data.%s.%s: missing (SOPS decrypts it at deploy time)" $s.name $k) $v | b64enc }}
  {{- end }}
{{- else if ne $cfg.mode "existingSecret" }}
{{- fail (printf "credentials.mode %q: use existingSecret, generate, externalSecret, sealedSecret or sops" $cfg.mode) }}
{{- end }}
{{- end }}
{{- end }}
