/**
 * What the language server hands the extension with a CodeLens and with "Generate worker-pool
 * version": plain LSP leaves no room for either (a lens command has no tooltip in LSP 3.17, and a
 * code action's follow-up command carries only arguments), so both travel as data, checked here.
 */
import { z } from 'zod';

/** `CodeLens.data` of a Parallelize lens: the tooltip the client middleware puts on its command. */
export const LensData = z.object({ tooltip: z.string().max(4_000) });
export type LensData = z.infer<typeof LensData>;

/** The package managers whose lockfiles (or `packageManager` field) Parallelize recognises. */
export const PackageManager = z.enum(['npm', 'pnpm', 'yarn', 'bun']);
export type PackageManager = z.infer<typeof PackageManager>;

/** Whether the generated code's `piscina` import resolves from the function's project, and if not, how to add it. */
export const PiscinaStatus = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true) }),
  z.object({
    found: z.literal(false),
    /** The folder of the nearest package.json, where the dependency goes; null when there is none. */
    projectDir: z.string().nullable(),
    manager: PackageManager,
    /** Where the manager came from: `pnpm-lock.yaml`, `the packageManager field`, or `no lockfile`. */
    managerReason: z.string(),
    /** The command line to run in projectDir: `pnpm add piscina`. */
    install: z.array(z.string()).min(1),
  }),
]);
export type PiscinaStatus = z.infer<typeof PiscinaStatus>;

/** The command the code action runs after its edit: opens what it wrote and offers to add piscina. */
export const generatedPoolCommand = 'parallelize.openGeneratedPool';

/** The argument of generatedPoolCommand. */
export const GeneratedPoolArgs = z.object({
  /** file: URIs of the generated wrapper (focused) and worker. */
  wrapperUri: z.string(),
  workerUri: z.string(),
  piscina: PiscinaStatus,
});
export type GeneratedPoolArgs = z.infer<typeof GeneratedPoolArgs>;
