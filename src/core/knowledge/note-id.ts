/** A note's id: its path relative to the knowledge folder, `/`-separated, without `.md`. */
export function noteIdOf(file: string): string {
  return file.replace(/\\/g, '/').replace(/\.md$/i, '');
}
