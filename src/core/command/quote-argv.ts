// The one place an argv becomes a POSIX shell line: for runbooks and for SSH, which hands the
// remote side a string. Every word is quoted unless it is made only of safe characters.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteWord(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}
