// The manifest and the code must agree: every setting the code reads is declared with the same
// default, and every command the code registers is contributed under the Parallelize category.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultClientSettings, defaultProfileBudgetMs, defaultRunSettings } from '../../protocol/settings';

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { default: unknown; description?: string }> };
    commands: { command: string; category: string; title: string }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
  engines: { vscode: string };
}
const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

test('every run setting is declared under parallelize.* with the code\'s default', () => {
  for (const [key, value] of Object.entries(defaultRunSettings)) {
    const declared = properties[`parallelize.${key}`];
    assert.ok(declared, `parallelize.${key} is not declared in package.json`);
    assert.equal(declared.default, value, `parallelize.${key}`);
    assert.ok(declared.description && declared.description.length > 20, `parallelize.${key} needs a description`);
  }
  assert.equal(properties['parallelize.monitor.intervalMs']?.default, defaultClientSettings.monitorIntervalMs);
  assert.equal(properties['parallelize.codeLens.enabled']?.default, defaultClientSettings.codeLensEnabled);
  assert.equal(properties['parallelize.profile.budgetMs']?.default, defaultProfileBudgetMs);
  assert.ok(Object.keys(properties).every((k) => k.startsWith('parallelize.')));
});

test('every registered command is contributed under the Parallelize category', () => {
  const sources = ['extension/extension.ts', 'extension/commands/parallelizeFunction.ts'].map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');
  const registered = [...sources.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]).sort();
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(registered, contributed);
  assert.ok(manifest.contributes.commands.every((c) => c.category === 'Parallelize'));
});

test('untrusted workspaces get limited support and the engine stays on VS Code 1.100', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(manifest.engines.vscode, '^1.100.0');
});
