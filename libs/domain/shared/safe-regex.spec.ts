import { MAX_REGEX_LENGTH, regexProblem } from './safe-regex.js';

describe('regular expressions brokers will run', () => {
  it.each([
    '^client-[0-9]+$',
    '^sensor/.*/temp$',
    '^(?<device>[a-z]+)/(.*)$',
    'y/(.*)',
    '^(foo|bar)-\\d{1,5}$',
    '[a|b]*',
    '\\p{L}+',
    '(ab){2,3}',
  ])('%s is accepted', (pattern) => expect(regexProblem(pattern)).toBeUndefined());

  it.each(['(a+)+', '(a*)*', '(x+x+)+y', '^(\\d+)*$', '(.*a){2,}'])('%s is refused as nested quantifiers', (pattern) =>
    expect(regexProblem(pattern)).toBe('must not nest quantifiers (like (a+)+): it could take exponential time'),
  );

  it.each(['(a|a)*', '(a|aa)+', '^(foo|bar){1,}$', '((a)|b)*'])('%s is refused as an unbounded repeat of an alternation', (pattern) =>
    expect(regexProblem(pattern)).toBe(
      'must not repeat an alternation without bound (like (a|b)*): it could take exponential time; use a character class',
    ),
  );

  it.each(['(a)\\1', '(?<x>a)\\k<x>'])('%s is refused: the Rust regex crate has no backreferences', (pattern) =>
    expect(regexProblem(pattern)).toBe('must not use backreferences (the broker cannot run them)'),
  );

  it.each(['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b'])('%s is refused: the Rust regex crate has no lookaround', (pattern) =>
    expect(regexProblem(pattern)).toBe('must not use lookahead or lookbehind (the broker cannot run them)'),
  );

  it('escaped parentheses, pipes and backslashes in classes do not count as groups, alternations or references', () => {
    expect(regexProblem('\\(a\\|b\\)*')).toBeUndefined();
    expect(regexProblem('[(?=]x')).toBeUndefined();
    expect(regexProblem('[\\]|]+')).toBeUndefined();
    expect(regexProblem('\\\\1')).toBeUndefined();
  });

  it('a pattern that does not compile is refused with the reason the engine gives', () => {
    expect(regexProblem('(a')).toMatch(/^must be a valid regular expression \(.*Unterminated group\)$/);
    expect(regexProblem('(?i)abc')).toMatch(/^must be a valid regular expression/);
  });

  it('an empty or overlong pattern is refused', () => {
    expect(regexProblem('')).toBe('must not be empty');
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH))).toBeUndefined();
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH + 1))).toBe(`must be at most ${MAX_REGEX_LENGTH} characters`);
    expect(regexProblem('a'.repeat(300), 256)).toBe('must be at most 256 characters');
  });
});
