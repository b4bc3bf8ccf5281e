"""floe's Dagster code location. Thin by design: every step runs the floe command; this package only maps
CompiledArtifacts (.floe/compiled_artifacts.json) onto Dagster assets, checks, jobs, schedules and sensors."""
