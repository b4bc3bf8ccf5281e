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
