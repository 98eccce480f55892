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

/**
 * A line of prose for a terminal `width` columns wide: broken at spaces, the first line after
 * `indent`, the others after `hanging`. A word is never cut (a name, a path): one longer than a
 * line has a line of its own. Without a width it stays one line, as piped output always was.
 */
export function wrapProse(text: string, width: number | undefined, indent = '', hanging = indent): string[] {
  if (width === undefined) return [`${indent}${text}`];
  const lines: string[] = [];
  // A text of several lines (a command's output) keeps its breaks; each line wraps on its own.
  text.split('\n').forEach((part, i) => {
    let line = i === 0 ? indent : hanging;
    let empty = true;
    // A tab takes up to 8 columns on a terminal, which a count of characters would not see.
    for (const word of part.replace(/\t/g, '  ').split(' ').filter((w) => w !== '')) {
      if (!empty && line.length + 1 + word.length > width) {
        lines.push(line);
        line = hanging;
        empty = true;
      }
      line += empty ? word : ` ${word}`;
      empty = false;
    }
    lines.push(line);
  });
  return lines;
}
