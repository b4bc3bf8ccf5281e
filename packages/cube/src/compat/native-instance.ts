/**
 * floe's stand-in for Cube's `NativeInstance` when the native module is missing. Cube's schema compiler asks it for a
 * Jinja engine before every compile; YAML and JavaScript models without Jinja templates never render through it.
 * Jinja templates and Python (`globals.py`) need the native module and are refused with a clear message.
 */
export const compatNativeInstance = {
  newJinjaEngine() {
    return {
      renderTemplate(fileName: string): never {
        throw new Error(
          `${fileName}: Jinja templates in Cube models need Cube's native module, which is not installed (floe runs Cube in compatibility mode)`,
        );
      },
    };
  },
  loadPythonContext(fileName: string): never {
    throw new Error(
      `${fileName}: Python model configuration needs Cube's native module, which is not installed (floe runs Cube in compatibility mode)`,
    );
  },
};
