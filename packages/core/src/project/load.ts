import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { renderProfilesYml } from '../compiler/dbt-profile.js';
import { type CompiledArtifacts, compiledArtifactsSchema } from '../config/artifacts.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { validateAndCompile } from '../validate/validate.js';
import {
  ARTIFACTS_FILE,
  displayPath,
  FLOE_FILE,
  OUTPUT_DIR,
  PROFILES_FILE,
  projectRelative,
  readConfigFile,
  resolvePlatformFile,
} from './files.js';
import { sourceHash } from './hash.js';

export interface LoadProjectOptions {
  /** Project directory (holds floe.yaml); relative to the current directory. */
  projectDir: string;
  /** Platform file; default $FLOE_PLATFORM, else platform/local.yaml in the project. */
  platformFile?: string;
  /** Environment for FLOE_PLATFORM (default process.env). */
  env?: Record<string, string | undefined>;
  /** Ignore a fresh .floe/compiled_artifacts.json and compile again. */
  noCache?: boolean;
  /** Write .floe/compiled_artifacts.json and profiles.yml when they were missing or stale. */
  write?: boolean;
}

export interface LoadedProject {
  artifacts: CompiledArtifacts;
  /** Absolute project directory; resolve artifact paths with `resolvePath`. */
  projectDir: string;
  /** Absolute path of the platform file used. */
  platformFile: string;
  /** Absolute path of floe.yaml. */
  floeFile: string;
  /** True when the artifacts came from a fresh .floe/compiled_artifacts.json. */
  fromCache: boolean;
}

/** Reads, validates and compiles a project (or reuses .floe/compiled_artifacts.json when its source hash matches). */
export async function loadProject(options: LoadProjectOptions): Promise<LoadedProject> {
  const projectDir = resolve(options.projectDir);
  const env = options.env ?? process.env;
  const floeFile = join(projectDir, FLOE_FILE);
  const platformFile = resolvePlatformFile(projectDir, options.platformFile, env);
  const floeText = await readConfigFile(floeFile, 'floe');
  const platformText = await readConfigFile(platformFile, 'platform');
  const files = {
    floeFile: FLOE_FILE,
    floeText,
    platformFile: projectRelative(projectDir, platformFile),
    platformText,
  };
  const hash = sourceHash(files);
  const base = { projectDir, platformFile, floeFile };

  if (!options.noCache) {
    const cached = await readCachedArtifacts(join(projectDir, OUTPUT_DIR, ARTIFACTS_FILE), hash);
    if (cached) {
      const loaded = { ...base, artifacts: cached, fromCache: true };
      const profilesMissing =
        cached.transforms.dbt !== null && !existsSync(join(projectDir, OUTPUT_DIR, PROFILES_FILE));
      if (options.write && profilesMissing) await writeArtifacts(loaded);
      return loaded;
    }
  }
  const artifacts = validateAndCompile({
    ...files,
    floeDisplay: displayPath(floeFile),
    platformDisplay: displayPath(platformFile),
    sourceHash: hash,
  });
  const loaded = { ...base, artifacts, fromCache: false };
  if (options.write) await writeArtifacts(loaded);
  return loaded;
}

async function readCachedArtifacts(path: string, hash: string): Promise<CompiledArtifacts | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = compiledArtifactsSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.source_hash === hash ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Serialises CompiledArtifacts deterministically (2-space JSON, trailing newline). */
export function serializeArtifacts(artifacts: CompiledArtifacts): string {
  return `${JSON.stringify(artifacts, null, 2)}\n`;
}

export interface WrittenArtifacts {
  artifactsFile: string;
  profilesFile: string | undefined;
}

/** Writes compiled_artifacts.json (and profiles.yml when dbt is configured) atomically into `outDir` (default .floe). */
export async function writeArtifacts(loaded: LoadedProject, outDir?: string): Promise<WrittenArtifacts> {
  const dir = outDir ? resolve(outDir) : join(loaded.projectDir, OUTPUT_DIR);
  const artifactsFile = join(dir, ARTIFACTS_FILE);
  await writeFileAtomic(artifactsFile, serializeArtifacts(loaded.artifacts));
  const dbt = loaded.artifacts.transforms.dbt;
  let profilesFile: string | undefined;
  if (dbt) {
    profilesFile = join(dir, PROFILES_FILE);
    await writeFileAtomic(profilesFile, renderProfilesYml(dbt.profile));
  }
  return { artifactsFile, profilesFile };
}

/** Resolves a path stored in CompiledArtifacts (relative to the project) to an absolute path; URIs pass through. */
export function resolvePath(loaded: Pick<LoadedProject, 'projectDir'>, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  return isAbsolute(path) ? path : resolve(loaded.projectDir, path);
}
