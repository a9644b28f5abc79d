/**
 * One TypeScript language service per project (the nearest tsconfig.json, or one inferred project
 * for files without), fed the editor's unsaved text with its version, so that type checking after
 * an edit reuses every unchanged file instead of building a Program per request.
 */
import * as ts from 'typescript';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The editor's open documents, by absolute file name; anything else is read from disk. */
export interface OpenDocuments {
  get(fileName: string): { text: string; version: number } | undefined;
}

/** Options for files outside any tsconfig.json: what a fresh TypeScript project would use. */
const inferredOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  allowJs: true,
  skipLibCheck: true,
  noEmit: true,
};

/**
 * Where TypeScript's lib.*.d.ts files are. Bundled into dist/server.js, the compiler looks beside
 * the bundle, where they are not: fall back to the workspace's TypeScript, then to ours.
 */
function libDirectory(projectDir: string): string | undefined {
  const beside = path.dirname(ts.getDefaultLibFilePath({}));
  if (existsSync(path.join(beside, 'lib.d.ts'))) return beside;
  for (const from of [path.join(projectDir, 'noop.js'), __filename]) {
    try {
      return path.dirname(createRequire(from).resolve('typescript/lib/lib.d.ts'));
    } catch {
      // Not resolvable from there; try the next place.
    }
  }
  return undefined;
}

/** A project: its options, the files analysed so far (its roots), and its language service. */
class Project {
  readonly roots = new Set<string>();
  readonly service: ts.LanguageService;
  private readonly libDir: string | undefined;

  constructor(
    readonly dir: string,
    private readonly options: ts.CompilerOptions,
    private readonly documents: OpenDocuments,
    registry: ts.DocumentRegistry,
  ) {
    this.libDir = libDirectory(dir);
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [...this.roots],
      getScriptVersion: (fileName) => this.version(fileName),
      getScriptSnapshot: (fileName) => {
        const text = this.documents.get(fileName)?.text ?? ts.sys.readFile(fileName);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => this.dir,
      getDefaultLibFileName: (o) => (this.libDir ? path.join(this.libDir, path.basename(ts.getDefaultLibFilePath(o))) : ts.getDefaultLibFilePath(o)),
      fileExists: (f) => this.documents.get(f) !== undefined || ts.sys.fileExists(f),
      readFile: (f, encoding) => this.documents.get(f)?.text ?? ts.sys.readFile(f, encoding),
      readDirectory: (...args) => ts.sys.readDirectory(...args),
      directoryExists: (d) => ts.sys.directoryExists(d),
      getDirectories: (d) => ts.sys.getDirectories(d),
    };
    this.service = ts.createLanguageService(host, registry);
  }

  /** An open document's editor version, else the file's modification time, so saved changes count. */
  private version(fileName: string): string {
    const open = this.documents.get(fileName);
    if (open) return `open:${open.version}`;
    try {
      return `disk:${statSync(fileName).mtimeMs}`;
    } catch {
      return 'missing';
    }
  }
}

/** The language services of a workspace, one per tsconfig.json, created on first use. */
export class ProjectServices {
  private readonly projects = new Map<string, Project>();
  private readonly registry = ts.createDocumentRegistry();

  constructor(private readonly documents: OpenDocuments) {}

  /** The program holding `fileName` as the editor has it now, with its type checker. */
  programFor(fileName: string): { program: ts.Program; sourceFile: ts.SourceFile } | undefined {
    const project = this.projectOf(fileName);
    project.roots.add(fileName);
    const program = project.service.getProgram();
    const sourceFile = program?.getSourceFile(fileName);
    return program && sourceFile ? { program, sourceFile } : undefined;
  }

  /** Stops analysing a file that was closed, so the project stops checking it. */
  forget(fileName: string): void {
    for (const project of this.projects.values()) project.roots.delete(fileName);
  }

  dispose(): void {
    for (const project of this.projects.values()) project.service.dispose();
    this.projects.clear();
  }

  private projectOf(fileName: string): Project {
    const config = ts.findConfigFile(path.dirname(fileName), (f) => ts.sys.fileExists(f));
    const key = config ?? '<inferred>';
    let project = this.projects.get(key);
    if (!project) {
      const dir = config ? path.dirname(config) : path.dirname(fileName);
      project = new Project(dir, config ? readOptions(config) : inferredOptions, this.documents, this.registry);
      this.projects.set(key, project);
    }
    return project;
  }
}

/** A tsconfig's compiler options, `extends` resolved; a broken one falls back to the defaults. */
function readOptions(config: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return parsed ? { ...parsed.options, noEmit: true } : inferredOptions;
}
