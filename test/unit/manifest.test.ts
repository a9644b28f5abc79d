// The manifest and the code must agree: every setting the code reads is declared with the same
// default, and every command the code registers is contributed under the Parallelize category.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { heatBuckets } from '../../extension/profile/lineHeat';
import { ClusterModeSetting, defaultClientSettings, defaultClusterSettings, defaultProfileBudgetMs, defaultRunSettings } from '../../protocol/settings';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { image?: string; markdown?: string; altText?: string };
  completionEvents: string[];
}
interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { default: unknown; description?: string; markdownDescription?: string; pattern?: string }> };
    commands: { command: string; category: string; title: string; icon?: string }[];
    colors: { id: string; description: string; defaults: Record<string, string> }[];
    menus: Record<string, { command: string; when?: string }[]>;
    walkthroughs: { id: string; title: string; steps: WalkthroughStep[] }[];
  };
  icon: string;
  categories: string[];
  keywords: string[];
  extensionKind: string[];
  galleryBanner: { color: string; theme: string };
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
  for (const [key, value] of Object.entries(defaultClusterSettings)) {
    const declared = properties[`parallelize.cluster.${key}`];
    assert.ok(declared, `parallelize.cluster.${key} is not declared in package.json`);
    assert.equal(declared.default, value, `parallelize.cluster.${key}`);
    assert.ok((declared.description ?? declared.markdownDescription ?? '').length > 20, `parallelize.cluster.${key} needs a description`);
  }
  assert.ok(Object.keys(properties).every((k) => k.startsWith('parallelize.')));
});

test('the cluster mode setting accepts in the editor what the extension accepts', () => {
  const pattern = new RegExp(properties['parallelize.cluster.mode']?.pattern ?? '');
  for (const value of ['off', 'local', 'redis://host:6379', 'rediss://user:secret@host:6380/0', 'on', 'redis://', 'http://host', 'local ', 'redis://a b']) {
    assert.equal(pattern.test(value), ClusterModeSetting.safeParse(value).success, value);
  }
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

test('in Restricted Mode the palette and the context menu list each run command as a stand-in that says it needs trust', () => {
  const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
  for (const menu of ['commandPalette', 'editor/context']) {
    const when = (command: string): string => (manifest.contributes.menus[menu] ?? []).find((m) => m.command === command)?.when ?? '';
    for (const command of ['parallelize.parallelizeFunction', 'parallelize.profileFunction']) {
      const standIn = `${command}Untrusted`;
      assert.equal(titles.get(standIn), `${titles.get(command)} (needs Workspace Trust)`);
      assert.match(when(command), /&& isWorkspaceTrusted$/, `${menu}: ${command}`);
      assert.equal(when(standIn), when(command).replace(/isWorkspaceTrusted$/, '!isWorkspaceTrusted'), `${menu}: ${standIn} shows exactly when ${command} does not`);
    }
  }
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

/** The categories the marketplace accepts (vsce and the marketplace refuse others). */
const marketplaceCategories = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps',
  'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];
/** VS Code's own commands a walkthrough step may run. */
const builtInCommands = ['editor.action.refactor'];

/** Whether a .vscodeignore `!` line lets `file` into the package (the patterns use only * and **). */
function shipsByVscodeignore(file: string): boolean {
  const allowed = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((line) => line.startsWith('!')).map((line) => line.slice(1).trim());
  const toRegExp = (glob: string): RegExp => new RegExp(`^${glob.split('**').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('.*')}$`);
  return allowed.some((glob) => toRegExp(glob).test(file));
}

test('the details page: a square PNG icon that ships, marketplace categories, searchable keywords, a banner, workspace kind', () => {
  const icon = readFileSync(path.join(root, manifest.icon));
  assert.equal(icon.toString('latin1', 1, 4), 'PNG');
  const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
  assert.ok(width === height && (width === 128 || width === 256), `icon is ${width}×${height}`);
  assert.ok(shipsByVscodeignore(manifest.icon), `${manifest.icon} is not allowed by .vscodeignore`);
  assert.ok(manifest.categories.every((c) => marketplaceCategories.includes(c)), manifest.categories.join(', '));
  for (const word of ['parallel', 'worker threads', 'multiprocessing', 'benchmark', 'profiler', 'performance', 'piscina', 'speedup']) assert.ok(manifest.keywords.includes(word), word);
  assert.ok(manifest.keywords.length <= 30, 'the marketplace takes at most 30 keywords');
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.deepEqual(manifest.extensionKind, ['workspace'], 'runs where the code and the cores are, over Remote-SSH and in containers');
  assert.ok(shipsByVscodeignore('CHANGELOG.md'));
  assert.ok(!shipsByVscodeignore('media/icon.svg') && !shipsByVscodeignore('docs/vscode-profile.png'), 'the icon\'s source and unused pictures stay out');
});

test('the walkthrough: four steps, each with media that exists and ships, and commands that exist', () => {
  const [walkthrough, ...others] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough);
  assert.equal(others.length, 0);
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['checkResources', 'benchmarkFunction', 'readResult', 'generatePoolCode']);
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const step of walkthrough.steps) {
    const media = step.media.image ?? step.media.markdown;
    assert.ok(media !== undefined, `${step.id} has no media`);
    assert.ok(existsSync(path.join(root, media)), `${step.id}: ${media} does not exist`);
    assert.ok(shipsByVscodeignore(media), `${step.id}: ${media} is not allowed by .vscodeignore`);
    if (step.media.image !== undefined) assert.ok((step.media.altText ?? '').length > 20, `${step.id}: the image needs alt text`);
    const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
    const completing = step.completionEvents.map((e) => /^onCommand:(.+)$/.exec(e)?.[1]).filter((c) => c !== undefined);
    assert.ok(completing.length > 0, `${step.id} has no onCommand completion event`);
    assert.ok(linked.length > 0, `${step.id} offers no command button`);
    for (const command of [...linked, ...completing]) assert.ok(contributed.has(command) || builtInCommands.includes(command), `${step.id}: ${command} is neither ours nor VS Code's`);
    assert.ok(completing.every((c) => linked.includes(c)), `${step.id}: its button completes it`);
  }
});
