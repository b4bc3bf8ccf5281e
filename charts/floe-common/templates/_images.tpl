{{- /*
floe-common.images.image — "<repository>:<tag>" of an image block {repository, tag}. Deployments must be
reproducible, so a mutable reference fails the render: an empty tag or `latest` is refused with the message below
(the values schemas refuse them too; this is the last line of defence, e.g. with --skip-schema-validation).
Context: the image block itself, e.g. include "floe-common.images.image" .Values.image
*/ -}}
{{- define "floe-common.images.image" -}}
{{- $tag := .tag | toString -}}
{{- if or (eq $tag "") (eq $tag "latest") -}}
{{- fail (printf "image %s: set an immutable tag (not empty, not 'latest')" .repository) -}}
{{- end -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end }}

{{- /*
floe-common.images.pullSecrets — the pod spec's `imagePullSecrets:` block for private registries, from
.Values.global.imagePullSecrets (set once in the umbrella; Helm passes `global` to every subchart) followed by the
chart's own .Values.imagePullSecrets, merged without duplicates. Each entry is a Secret name or {name: <name>} (as
Kubernetes writes it). Renders nothing when both lists are empty.
Context: dict "root" $, e.g. {{- include "floe-common.images.pullSecrets" (dict "root" $) | nindent 6 }}
*/ -}}
{{- define "floe-common.images.pullSecrets" -}}
{{- $global := .root.Values.global | default dict -}}
{{- $names := list -}}
{{- range concat ($global.imagePullSecrets | default list) (.root.Values.imagePullSecrets | default list) -}}
{{- $name := "" -}}
{{- if kindIs "map" . -}}
{{- $name = .name | default "" | toString -}}
{{- else -}}
{{- $name = . | toString -}}
{{- end -}}
{{- if and $name (not (has $name $names)) -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- if $names -}}
imagePullSecrets:
{{- range $names }}
  - name: {{ . | quote }}
{{- end }}
{{- end -}}
{{- end }}
