export { detectLiteralSecrets, type LiteralSecretFinding } from './detect.js';
export { clearSecrets, REDACTED, redact, registerSecret } from './redact.js';
export {
  isSecretRef,
  parseSecretRef,
  SECRET_REF_HINT,
  SECRET_REF_PATTERN,
  type SecretRef,
  secretEnvVar,
} from './ref.js';
export { DEFAULT_SECRETS_DIR, type ResolveSecretOptions, resolveSecret } from './resolve.js';
