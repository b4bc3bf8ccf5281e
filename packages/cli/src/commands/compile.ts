import { displayPath, loadProject, writeArtifacts } from '@floe/core';
import type { Command } from 'commander';
import { type Io, printJson, processIo } from '../output.js';
import { addProjectOptions, type ProjectOptions, projectDirFromOptions } from '../project-options.js';

interface CompileOptions extends ProjectOptions {
  out?: string;
}

/** `floe compile [dir]`: writes compiled_artifacts.json and profiles.yml (default into <dir>/.floe). */
export function register(program: Command, io: Io = processIo): void {
  addProjectOptions(
    program
      .command('compile')
      .description('compile floe.yaml and the platform file into CompiledArtifacts and a dbt profiles.yml')
      .option('-o, --out <dir>', 'output directory (default <project>/.floe)'),
  ).action(async (dir: string | undefined, opts: CompileOptions) => {
    const loaded = await loadProject({
      projectDir: projectDirFromOptions({ ...opts, dir }),
      noCache: true,
      ...(opts.platform ? { platformFile: opts.platform } : {}),
    });
    const written = await writeArtifacts(loaded, opts.out);
    const { artifacts } = loaded;
    if (opts.json) {
      printJson(io, {
        artifacts_file: displayPath(written.artifactsFile),
        profiles_file: written.profilesFile ? displayPath(written.profilesFile) : null,
        schema_version: artifacts.schema_version,
        source_hash: artifacts.source_hash,
        pipeline: artifacts.project.name,
        platform: artifacts.platform,
        catalog: { profile: artifacts.catalog.profile, type: artifacts.catalog.type },
        storage: { profile: artifacts.storage.profile, type: artifacts.storage.type, root: artifacts.storage.root },
        compute: { profile: artifacts.compute.profile, type: artifacts.compute.type },
        sources: artifacts.sources.map((s) => s.name),
        publish: artifacts.publish.map((p) => p.identifier),
        schedules: artifacts.orchestration.schedules.map((s) => `${s.name} (${s.cron})`),
      });
      return;
    }
    io.stdout(`compiled ${artifacts.project.name} for platform ${artifacts.platform.name}\n`);
    io.stdout(`  ${displayPath(written.artifactsFile)}\n`);
    if (written.profilesFile) io.stdout(`  ${displayPath(written.profilesFile)}\n`);
  });
}
