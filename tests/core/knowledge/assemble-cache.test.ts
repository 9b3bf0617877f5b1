import { describe, expect, it } from 'vitest';
import { KnowledgeError, ParseStopped } from '../../../src/core/errors.js';
import { assembleKnowledge, type NoteParser, type NoteSource } from '../../../src/core/knowledge/assemble.js';
import { memoryNoteCache } from '../../../src/core/knowledge/note-cache.js';
import { parseNoteFile } from '../../../src/core/knowledge/parse-note.js';

/** The note cache across loads: what is parsed again, and what a rejected file costs the next load. */

const bytes = (text: string) => new TextEncoder().encode(text);
const GOOD = { file: 'good.md', bytes: bytes('# Good\n\nSome text.\n') };
const OTHER = { file: 'other.md', bytes: bytes('# Other\n\nMore text.\n') };
const BAD = { file: 'bad.md', bytes: bytes('---\ndate: nope\n---\n# Bad\n\nText.\n') };

async function* sources(...notes: NoteSource[]): AsyncGenerator<NoteSource> {
  yield* notes;
}

/** A parser that counts the files it is given, and otherwise parses as the pool's workers do. */
function countingParser(stop?: string): { parse: NoteParser; parsed: string[] } {
  const parsed: string[] = [];
  const parse: NoteParser = async (file, data, topics) => {
    parsed.push(file);
    if (file === stop) throw new ParseStopped(file, 1, 'took longer than 1 s to parse; is it a note?');
    return parseNoteFile(file, data, topics);
  };
  return { parse, parsed };
}

describe('assembleKnowledge with a note cache', () => {
  it('parses neither an unchanged note nor an unchanged rejected file again, and rejects it the same way', async () => {
    const cache = memoryNoteCache();
    const first = countingParser();
    const cold = await assembleKnowledge(
      { dir: 'k', notes: sources(GOOD, BAD) },
      { cache, parse: first.parse },
    );
    const warm = countingParser();
    const again = await assembleKnowledge(
      { dir: 'k', notes: sources(GOOD, BAD) },
      { cache, parse: warm.parse },
    );
    expect(first.parsed).toEqual(['good.md', 'bad.md']);
    expect(warm.parsed).toEqual([]);
    expect(again.rejected?.map((e) => e.message)).toEqual(cold.rejected?.map((e) => e.message));
    expect(again.rejected?.[0]).toBeInstanceOf(KnowledgeError);
    expect(again.version).toBe(cold.version);
  });

  it('parses a file again whose parse was stopped (deadline, memory): that is no verdict on the file', async () => {
    const cache = memoryNoteCache();
    const stopped = countingParser('good.md');
    const first = await assembleKnowledge(
      { dir: 'k', notes: sources(GOOD, OTHER) },
      { cache, parse: stopped.parse },
    );
    expect(first.rejected?.map((e) => e.file)).toContain('good.md');
    const next = countingParser();
    const second = await assembleKnowledge(
      { dir: 'k', notes: sources(GOOD, OTHER) },
      { cache, parse: next.parse },
    );
    expect(next.parsed).toEqual(['good.md']);
    expect(second.notes.map((n) => n.file)).toEqual(['good.md', 'other.md']);
  });
});
