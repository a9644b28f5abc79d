/**
 * The client's side of the server's CodeLenses: hidden while the setting is off or the workspace is
 * untrusted, each lens given the tooltip the server sent in its data (vscode-languageclient 9 drops
 * a command's tooltip), and the lenses VS Code last received kept per document, so that tests can
 * see what the editor shows without asking the provider again.
 */
import * as vscode from 'vscode';
import { CodeLensRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { LensData } from '../protocol/codegen';
import { clientSettings } from './config';

/** A lens as the editor shows it. */
export interface ShownLens {
  readonly title: string;
  readonly tooltip: string | undefined;
}

/** The lens middleware and what it saw. */
export class CodeLensGate {
  private readonly shown = new Map<string, ShownLens[]>();
  private client: LanguageClient | undefined;

  /** The middleware to pass in the client options. */
  readonly middleware: Pick<Middleware, 'provideCodeLenses'> = {
    provideCodeLenses: async (document, token, next) => {
      const lenses = clientSettings().codeLensEnabled && vscode.workspace.isTrusted ? ((await next(document, token)) ?? []) : [];
      for (const lens of lenses) {
        const data = LensData.safeParse((lens as { data?: unknown }).data);
        if (data.success && lens.command) lens.command.tooltip = data.data.tooltip;
      }
      this.shown.set(document.uri.toString(), lenses.map((lens) => ({ title: lens.command?.title ?? '', tooltip: typeof lens.command?.tooltip === 'string' ? lens.command.tooltip : undefined })));
      return lenses;
    },
  };

  attach(client: LanguageClient): void {
    this.client = client;
  }

  /** The lenses last handed to VS Code for a document (`uri.toString()`). */
  lenses(uri: string): ShownLens[] | undefined {
    return this.shown.get(uri);
  }

  /** Makes VS Code ask for the lenses of the visible editors again (after a setting changed). */
  refresh(): void {
    const feature = this.client?.getFeature(CodeLensRequest.method);
    const fired = new Set<unknown>();
    for (const editor of vscode.window.visibleTextEditors) {
      const provider = feature?.getProvider(editor.document);
      if (!provider || fired.has(provider)) continue;
      fired.add(provider);
      provider.onDidChangeCodeLensEmitter.fire();
    }
  }
}
