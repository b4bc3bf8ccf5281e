{{- /*
Upgrade guards. Some changes Kubernetes or Helm cannot make in place; these templates look at what the release
already has (Helm's `lookup`, empty under `helm template` and `--dry-run=client`) and refuse such an upgrade before
anything changes, with the steps that do make it. docs/06-deployment-view.md ("Upgrades the charts refuse") explains
each; testing/charts/lifecycle.test.ts follows the steps on a real control plane.
*/ -}}

{{- /*
floe-common.upgrades.volumeClaims — a StatefulSet's volumeClaimTemplates are immutable: switching persistence on or
off, or changing the size or class of the volume, is refused with the steps. The pods keep running while the
StatefulSet is replaced for a new size (--cascade=orphan keeps them; the new StatefulSet adopts them); they restart
when persistence is switched (a pod cannot get another volume).
Context: dict "root" "name" (the StatefulSet) "persistence" (enabled, size, storageClass) "key" (its values path).
*/ -}}
{{- define "floe-common.upgrades.volumeClaims" -}}
{{- $existing := lookup "apps/v1" "StatefulSet" .root.Release.Namespace .name -}}
{{- if $existing -}}
{{- $ns := .root.Release.Namespace -}}
{{- /* Same volumes, other claims (a size): the pods keep running, the new StatefulSet adopts them. Other volumes
(persistence on or off): the pods must go too, a StatefulSet cannot give an existing pod another volume. */ -}}
{{- $replace := printf "kubectl -n %s delete statefulset %s --cascade=orphan" $ns .name -}}
{{- $recreate := printf "kubectl -n %s delete statefulset %s" $ns .name -}}
{{- $claims := $existing.spec.volumeClaimTemplates | default list -}}
{{- $had := gt (len $claims) 0 -}}
{{- $want := .persistence.enabled | default false -}}
{{- if and $want (not $had) -}}
{{- fail (printf "%s.enabled: StatefulSet %s runs without a volume, and a StatefulSet's volume claims cannot change in place. To turn persistence on (its pods restart; what is in their emptyDir now is not copied, back it up first if it matters): %s, then run the upgrade again" .key .name $recreate) -}}
{{- else if and $had (not $want) -}}
{{- fail (printf "%s.enabled: StatefulSet %s keeps its data on a volume, and a StatefulSet's volume claims cannot change in place. To turn persistence off (its pods restart; its PersistentVolumeClaims stay, and are used again if persistence is turned back on): %s, then run the upgrade again" .key .name $recreate) -}}
{{- else if $had -}}
{{- $old := index $claims 0 -}}
{{- $oldSize := toString (dig "spec" "resources" "requests" "storage" "" $old) -}}
{{- $oldClass := toString (dig "spec" "storageClassName" "" $old) -}}
{{- $newClass := toString (.persistence.storageClass | default "") -}}
{{- if ne $oldClass $newClass -}}
{{- fail (printf "%s.storageClass: StatefulSet %s has its volume in storage class %q; moving it to %q needs a copy of the data (a new release, or a backup restored into a new volume); the chart does not move data. Keep %s.storageClass %q to upgrade" .key .name $oldClass $newClass .key $oldClass) -}}
{{- else if ne $oldSize (toString .persistence.size) -}}
{{- fail (printf "%s.size: StatefulSet %s has %s volumes, and a StatefulSet's volume claims cannot change in place. To resize: for each of its PersistentVolumeClaims (kubectl -n %s get pvc -l app.kubernetes.io/instance=%s) run kubectl -n %s patch pvc <name> -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"%s\"}}}}' (the storage class must allow volume expansion), then %s, then run the upgrade again" .key .name $oldSize $ns .root.Release.Name $ns (toString .persistence.size) $replace) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end }}

{{- /*
floe-common.upgrades.generatedSecrets — Secrets of mode `generate` are kept (helm.sh/resource-policy: keep) when
the mode changes; left in place they would shadow what the new mode provides and break `helm rollback` ("no Secret
with the name ... found"). An upgrade to another mode is refused while a Secret this chart generated exists.
Context: dict "root" "cfg" (.Values.credentials) "secrets" (the list given to floe-common.credentials).
*/ -}}
{{- define "floe-common.upgrades.generatedSecrets" -}}
{{- $root := .root -}}
{{- if ne .cfg.mode "generate" -}}
{{- $ns := $root.Release.Namespace -}}
{{- $chart := include "floe-common.names.name" $root -}}
{{- $found := list -}}
{{- range $s := .secrets -}}
{{- $existing := lookup "v1" "Secret" $ns $s.name -}}
{{- if $existing -}}
{{- $annotations := $existing.metadata.annotations | default dict -}}
{{- $labels := $existing.metadata.labels | default dict -}}
{{- if and (eq (get $annotations "meta.helm.sh/release-name") $root.Release.Name) (eq (get $annotations "helm.sh/resource-policy") "keep") (eq (get $labels "app.kubernetes.io/name") $chart) -}}
{{- $found = append $found $s.name -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $found -}}
{{- fail (printf "credentials.mode: %s: this release generated the Secrets %s (mode generate), and they stay when the mode changes. Put their values where mode %s reads them (e.g. kubectl -n %s get secret %s -o yaml), delete them (kubectl -n %s delete secret %s), then run the upgrade again" .cfg.mode (join ", " $found) .cfg.mode $ns (first $found) $ns (join " " $found)) -}}
{{- end -}}
{{- end -}}
{{- end }}
