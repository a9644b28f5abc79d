// The server's side of a profile in the editor: the "$(flame) Profile" CodeLens beside
// "$(rocket) Parallelize", its summary after a profile, and Clear Profile taking it back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ProfileResult } from '../../protocol/profile';
import { codeLenses, parallelizeCommand, profileCommand } from '../../server/features/codeLens';
import { type LastProfile, LastProfiles } from '../../server/features/lastProfiles';
import { LastResults } from '../../server/features/lastResults';
import { profileLensText, profileSummary, profileTooltip } from '../../server/features/profileSummary';

const fixtures = path.resolve(__dirname, '..', 'fixtures');
const profile = ProfileResult.parse(JSON.parse(readFileSync(path.join(fixtures, 'profiles', 'checksum.json'), 'utf8')));
const work = path.join(fixtures, 'workspace', 'src', 'work.ts');
const document = TextDocument.create(pathToFileURL(work).href, 'typescript', 1, readFileSync(work, 'utf8'));

/** A profile of `fib` in work.ts: all its time in itself (it recurses), 0.5 % in the garbage collector. */
function fibProfile(overrides: Partial<ProfileResult> = {}): ProfileResult {
  return {
    ...profile,
    target: { file: work, name: 'fib', line: 4 },
    functions: [
      { name: 'fib', file: work, line: 4, kind: 'workspace', selfMs: 995, totalMs: 1000, selfShare: 0.995, totalShare: 1 },
      { name: '(garbage collector)', kind: 'native', selfMs: 5, totalMs: 5, selfShare: 0.005, totalShare: 0.005 },
    ],
    tree: [{ fn: 0, parent: -1, selfMs: 995, totalMs: 1000 }, { fn: 0, parent: 0, selfMs: 900, totalMs: 900 }],
    ...overrides,
  };
}

/** What the server stores for a profile: the model, and V8's profile (empty here: the lens reads only the model). */
function stored(result: ProfileResult): LastProfile {
  return { result, cpuProfile: { nodes: [], startTime: 0, endTime: 0, samples: [], timeDeltas: [] } };
}

void describe('profileSummary (the Profile lens text)', () => {
  void it('gives the function\'s own share and the callee with the most time under it', () => {
    assert.equal(profileSummary(profile), 'self 9.0% · top callee slowChecksum 87%');
  });

  void it('never names a recursive function as its own callee, nor a callee under 1 %', () => {
    assert.equal(profileSummary(fibProfile()), 'self 100%');
  });

  void it('finds the top callee by its total, not by its place in the list', () => {
    const last = profile.functions.length - 1;
    const reordered = { ...profile, functions: [...profile.functions].reverse(), tree: profile.tree.map((node) => ({ ...node, fn: last - node.fn })) };
    assert.equal(profileSummary(reordered), 'self 9.0% · top callee slowChecksum 87%');
  });

  void it('says low confidence when under 1,000 samples fell inside the function', () => {
    assert.equal(profileSummary({ ...profile, samples: 300, lowConfidence: true }), 'self 9.0% · top callee slowChecksum 87% · low confidence');
  });
});

void describe('profileLensText (the short form in the lens title)', () => {
  void it('names where most of the time is: the top callee, or the function itself', () => {
    assert.equal(profileLensText(profile), 'slowChecksum 87%');
    assert.equal(profileLensText(fibProfile()), 'self 100%');
  });

  void it('marks a share from under 1,000 samples as approximate, and says when nothing was sampled', () => {
    assert.equal(profileLensText({ ...profile, samples: 300, lowConfidence: true }), 'slowChecksum ~87%');
    assert.equal(profileLensText({ ...profile, samples: 0 }), 'no samples');
  });

  void it('keeps the longer line and the summary sentence for the tooltip', () => {
    assert.equal(profileTooltip(profile), `self 9.0% · top callee slowChecksum 87%\n${profile.summary}`);
  });

  void it('puts the tooltip in the lens data, where the client middleware finds it', () => {
    const profiles = new LastProfiles();
    profiles.record(work, 'fib', stored(fibProfile({ summary: 'fib is all of it' })));
    const flame = codeLenses(document, new LastResults(), profiles).find((l) => l.command?.title === '$(flame) Profile · self 100%');
    assert.deepEqual(flame?.data, { tooltip: 'self 100%\nfib is all of it' });
  });
});

void describe('the Profile CodeLens', () => {
  const titles = (profiles: LastProfiles, name: string): string[] => {
    const line = listLine(name);
    return codeLenses(document, new LastResults(), profiles).filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
  };
  const listLine = (name: string): number => document.getText().split('\n').findIndex((l) => new RegExp(`function ${name}\\(`).test(l));

  void it('sits beside Parallelize on every function, with the same position as its argument', () => {
    const lenses = codeLenses(document, new LastResults(), new LastProfiles());
    const rockets = lenses.filter((l) => l.command?.command === parallelizeCommand);
    const flames = lenses.filter((l) => l.command?.command === profileCommand);
    assert.ok(rockets.length >= 2);
    assert.equal(flames.length, rockets.length);
    for (const [i, rocket] of rockets.entries()) {
      assert.deepEqual(flames[i]?.range, rocket.range);
      assert.deepEqual(flames[i]?.command?.arguments, rocket.command?.arguments);
      assert.equal(flames[i]?.command?.title, '$(flame) Profile');
    }
  });

  void it('carries the summary of the function\'s last profile, and only on that function', () => {
    const profiles = new LastProfiles();
    profiles.record(work, 'fib', stored(fibProfile()));
    assert.deepEqual(titles(profiles, 'fib'), ['$(rocket) Parallelize', '$(flame) Profile · self 100%']);
    assert.deepEqual(titles(profiles, 'countPrimes'), ['$(rocket) Parallelize', '$(flame) Profile']);
  });

  void it('goes back to plain "Profile" when the profiles are cleared, and tells the server to refresh each time', () => {
    let changes = 0;
    const profiles = new LastProfiles(() => { changes++; });
    profiles.clear();
    assert.equal(changes, 0, 'clearing nothing needs no refresh');
    profiles.record(work, 'fib', stored(fibProfile()));
    profiles.record(work, 'fib', stored(fibProfile({ lowConfidence: true })));
    assert.deepEqual(titles(profiles, 'fib'), ['$(rocket) Parallelize', '$(flame) Profile · self ~100%']);
    profiles.clear();
    assert.equal(changes, 3);
    assert.deepEqual(titles(profiles, 'fib'), ['$(rocket) Parallelize', '$(flame) Profile']);
  });
});
