// The manifest and the code must agree: every setting the code reads is declared with the same
// default, and every command the code registers is contributed under the Parallelize category.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { heatBuckets } from '../../extension/profile/lineHeat';
import { defaultClientSettings, defaultProfileBudgetMs, defaultRunSettings } from '../../protocol/settings';

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { default: unknown; description?: string }> };
    commands: { command: string; category: string; title: string; icon?: string }[];
    colors: { id: string; description: string; defaults: Record<string, string> }[];
    menus: Record<string, { command: string; when?: string }[]>;
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
  const files = ['extension/extension.ts', ...['commands', 'history'].flatMap((dir) => readdirSync(path.join(root, 'extension', dir)).filter((f) => f.endsWith('.ts')).map((f) => `extension/${dir}/${f}`))];
  const sources = files.map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');
  const registered = [...sources.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]).sort();
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(registered, contributed);
  assert.ok(manifest.contributes.commands.every((c) => c.category === 'Parallelize'));
});

test('untrusted workspaces get limited support and the engine stays on VS Code 1.100', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(manifest.engines.vscode, '^1.100.0');
});

test('the profile commands are contributed with the flame icon, Profile Function beside Parallelize Function in the context menu', () => {
  const byId = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
  assert.equal(byId.get('parallelize.profileFunction')?.icon, '$(flame)');
  assert.equal(byId.get('parallelize.clearProfile')?.icon, '$(flame)');
  const context = manifest.contributes.menus['editor/context'] ?? [];
  const when = (command: string): string | undefined => context.find((m) => m.command === command)?.when;
  assert.equal(when('parallelize.profileFunction'), when('parallelize.parallelizeFunction'), 'both run workspace code: the same trust condition');
  assert.match(when('parallelize.profileFunction') ?? '', /isWorkspaceTrusted/);
});

test('every profile colour the decorations use is declared, with light, dark and both high contrast defaults', () => {
  const declared = new Map(manifest.contributes.colors.map((c) => [c.id, c]));
  const source = readFileSync(path.join(root, 'extension/profile/profileDecorations.ts'), 'utf8');
  const used = [
    ...heatBuckets.map((_, i) => `parallelize.profile.heat${i + 1}Background`),
    ...[...source.matchAll(/ThemeColor\('([^']+)'\)/g)].map((m) => m[1] ?? ''),
  ];
  assert.ok(used.length > heatBuckets.length, 'found no ThemeColor in profileDecorations.ts');
  for (const id of used) {
    const color = declared.get(id);
    assert.ok(color, `${id} is not in contributes.colors`);
    assert.deepEqual(Object.keys(color.defaults).sort(), ['dark', 'highContrast', 'highContrastLight', 'light'], id);
    assert.ok(color.description.length > 20, `${id} needs a description`);
  }
  assert.ok(source.includes('parallelize.profile.heat${i + 1}Background'), 'the bucket colours are no longer named as this test expects');
});
