/**
 * Breaks `text` into lines of at most `width` characters at spaces; a word longer than a line is
 * cut, since a line that overflows would break the layout it is wrapped for.
 */
export function wrapText(text: string, width: number): string[] {
  const size = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line === '' && word.length <= size) line = word;
    else if (line !== '' && line.length + 1 + word.length <= size) line += ` ${word}`;
    else {
      if (line !== '') lines.push(line);
      let rest = word;
      while (rest.length > size) {
        lines.push(rest.slice(0, size));
        rest = rest.slice(size);
      }
      line = rest;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
