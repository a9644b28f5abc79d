// The mapping from a profile to the editor's line decorations, without VS Code: which lines get
// which heat, what their notes and hovers say, and which edits make the decorations wrong.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { bucketOf, fileKey, formatMs, formatShare, heatBuckets, lineHeat, lineNote, samplingErrorPoints, shiftsLines } from '../../extension/profile/lineHeat';
import { ProfileResult } from '../../protocol/profile';

const fixture = path.resolve(__dirname, '..', 'fixtures', 'profiles', 'checksum.json');
// Parsed with the shared schema: the fixture is a profile the server could send.
const profile = ProfileResult.parse(JSON.parse(readFileSync(fixture, 'utf8')));
const main = '/ws/src/main.ts';
const checksum = '/ws/src/lib/checksum.ts';

void describe('lineHeat', () => {
  void it('decorates each file\'s lines of 1 % and more, in line order, with a bucket that grows with the share', () => {
    const heat = lineHeat(profile);
    assert.deepEqual([...heat.keys()].sort(), [checksum, main]);
    assert.deepEqual(heat.get(checksum)?.map((h) => [h.line, h.bucket, h.note]), [[5, 3, '70% · 569 ms'], [6, 2, '15% · 122 ms']]);
    assert.deepEqual(heat.get(main)?.map((h) => [h.line, h.bucket, h.note]), [[5, 0, '2.5% · 20.4 ms'], [6, 1, '6.0% · 48.7 ms'], [7, 0, '3.0% · 24.4 ms']]);
  });

  void it('leaves lines under 1 % undecorated, a package file whose only line is under it included', () => {
    const heat = lineHeat(profile);
    assert.ok(!heat.get(main)?.some((h) => h.line === 4), 'line 4 has 0.49 %');
    assert.ok(!heat.has('/ws/node_modules/marked/lib/marked.cjs'), 'marked.cjs has 0.997 %');
    assert.equal(bucketOf(0.00999), undefined);
    assert.equal(bucketOf(0.01), 0);
  });

  void it('puts every share from 1 % up in exactly one bucket, the buckets in rising order', () => {
    for (const [i, bound] of heatBuckets.entries()) {
      assert.equal(bucketOf(bound), i, `a share of exactly ${bound}`);
      assert.equal(bucketOf(bound - 1e-9), i === 0 ? undefined : i - 1);
    }
    assert.equal(bucketOf(1), heatBuckets.length - 1);
  });

  void it('hovers with the line\'s self time and share, its sampling error, the functions defined on it and the sample count', () => {
    const mixLine = lineHeat(profile).get(main)?.find((h) => h.line === 7);
    assert.ok(mixLine);
    assert.match(mixLine.hover, /line 7/);
    assert.match(mixLine.hover, /Self time 24\.4 ms: \*\*3\.0%\*\* of the time in `processAll`/);
    // √(0.03 × 0.97 / 1234) = 0.49 points.
    assert.match(mixLine.hover, /± 0\.5 points/);
    assert.match(mixLine.hover, /- `mix`: self 24\.4 ms \(3\.0%\), total 24\.4 ms \(3\.0%\)/);
    assert.match(mixLine.hover, /1,234 samples every 250 µs over 2 passes of 24 inputs: 813 ms inside `processAll`/);
    assert.doesNotMatch(mixLine.hover, /Low confidence|edited/);
    const hot = lineHeat(profile).get(checksum)?.find((h) => h.line === 5);
    assert.match(hot?.hover ?? '', /± 1\.3 points/);
    assert.doesNotMatch(hot?.hover ?? '', /Defined on this line/, 'slowChecksum starts on line 2, not 5');
  });

  void it('warns in every hover when the profile has too few samples, and says when the file changed since', () => {
    const low = { ...profile, samples: 412, lowConfidence: true };
    const heat = lineHeat(low, (key) => (key === main ? 'editedSince' : 'dirtyWhenProfiled'));
    for (const h of [...heat.values()].flat()) assert.match(h.hover, /\$\(warning\) Low confidence: fewer than 1,000 samples/);
    assert.match(heat.get(main)?.[0]?.hover ?? '', /edited after the profile/);
    assert.match(heat.get(checksum)?.[0]?.hover ?? '', /unsaved changes when it was profiled/);
  });

  void it('keeps a name with backticks inside its code span', () => {
    const odd = { ...profile, functions: profile.functions.map((fn, i) => (i === 2 ? { ...fn, name: 'a`b' } : fn)) };
    assert.match(lineHeat(odd).get(main)?.find((h) => h.line === 7)?.hover ?? '', /- `` a`b ``: self/);
  });

  void it('matches files whatever the path spelling: normalised, and the Windows drive letter in either case', () => {
    const spelled = { ...profile, lines: profile.lines.map((l) => ({ ...l, file: l.file.replace('/ws/src/', '/ws/src/./') })) };
    assert.deepEqual([...lineHeat(spelled).keys()].sort(), [checksum, main]);
    assert.equal(fileKey('C:\\Users\\me\\src\\..\\main.ts', 'win32'), 'c:\\Users\\me\\main.ts');
    assert.equal(fileKey('c:/Users/me/main.ts', 'win32'), 'c:\\Users\\me\\main.ts');
    assert.equal(fileKey('/a/b/../c.ts', 'linux'), '/a/c.ts');
  });
});

void describe('line notes', () => {
  void it('gives the share then the self time, with about three significant digits', () => {
    assert.equal(lineNote({ selfShare: 0.38, selfMs: 412.3 }), '38% · 412 ms');
    assert.equal(formatShare(0.0995), '10%');
    assert.equal(formatShare(0.042), '4.2%');
    assert.equal(formatMs(1234.5), '1,235 ms');
    assert.equal(formatMs(38.46), '38.5 ms');
    assert.equal(formatMs(3.254), '3.25 ms');
    assert.equal(formatMs(0.085), '85 µs');
  });

  void it('puts a share\'s sampling error at √(p(1−p)/n): an 80 % share of 1,000 samples within ±1.3 points', () => {
    assert.equal(samplingErrorPoints(0.8, 1000).toFixed(2), '1.26');
    assert.equal(samplingErrorPoints(0.5, 0), 100);
  });
});

void describe('shiftsLines', () => {
  const at = (start: number, end: number, text: string) => ({ range: { start: { line: start }, end: { line: end } }, text });

  void it('is false for typing and deleting within a line', () => {
    assert.equal(shiftsLines([at(3, 3, 'x')]), false);
    assert.equal(shiftsLines([at(3, 3, '')]), false);
    assert.equal(shiftsLines([]), false);
  });

  void it('is true for an edit that adds or removes a line break, in any change of the batch', () => {
    assert.equal(shiftsLines([at(3, 3, 'x'), at(5, 5, 'a\nb')]), true);
    assert.equal(shiftsLines([at(3, 3, '\r')]), true);
    assert.equal(shiftsLines([at(3, 4, '')]), true);
    assert.equal(shiftsLines([at(3, 4, 'joined')]), true);
  });
});
