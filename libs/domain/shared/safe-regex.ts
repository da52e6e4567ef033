import safeRegex from 'safe-regex2';

/**
 * Regular expressions that brokers will run: blacklist `ClientIdMatch`/`UserMatch` entries and topic
 * rewrite rules.
 *
 * Accepted syntax: ECMAScript with the `u` flag, minus backreferences and lookaround. RobustMQ compiles
 * these patterns with Rust's `regex` crate, which has neither (it guarantees linear-time matching by
 * leaving them out), so a pattern using them would be stored here and fail on the broker. Rust-only
 * syntax such as inline flags `(?i)` does not compile as JavaScript and is refused too: the events also
 * go to Kafka, where JavaScript consumers may run the same pattern.
 *
 * Because a JavaScript engine backtracks, patterns that can take exponential time are refused:
 * nested quantifiers (`(a+)+`, star height above 1) by safe-regex2, and an unbounded repeat of an
 * alternation (`(a|a)*`), whose branches may overlap, by the scan below; a character class says the
 * same thing without the risk (`[ab]*`).
 */

/** RobustMQ's own limit for a topic rewrite `regex` (research §3.12: 1..500). */
export const MAX_REGEX_LENGTH = 500;

export function regexProblem(pattern: string, maxLength = MAX_REGEX_LENGTH): string | undefined {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > maxLength) return `must be at most ${maxLength} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return `must be a valid regular expression (${(error as Error).message})`;
  }
  const structureProblem = unsupportedStructure(pattern);
  if (structureProblem !== undefined) return structureProblem;
  if (!safeRegex(pattern)) return 'must not nest quantifiers (like (a+)+): it could take exponential time';
  return undefined;
}

/**
 * One pass over a pattern that already compiled with the `u` flag, so escapes and character classes are
 * well-formed: a backslash always escapes the next character, and the first unescaped `]` ends a class.
 */
function unsupportedStructure(pattern: string): string | undefined {
  const openGroups: { hasAlternation: boolean }[] = [];
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '\\') {
      if (!inClass && /[1-9k]/.test(pattern[index + 1] ?? '')) return 'must not use backreferences (the broker cannot run them)';
      index++;
    } else if (inClass) {
      inClass = character !== ']';
    } else if (character === '[') {
      inClass = true;
    } else if (character === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(index))) return 'must not use lookahead or lookbehind (the broker cannot run them)';
      openGroups.push({ hasAlternation: false });
    } else if (character === '|') {
      const group = openGroups.at(-1);
      if (group !== undefined) group.hasAlternation = true;
    } else if (character === ')') {
      if (openGroups.pop()?.hasAlternation && isUnboundedRepeat(pattern.slice(index + 1)))
        return 'must not repeat an alternation without bound (like (a|b)*): it could take exponential time; use a character class';
    }
  }
  return undefined;
}

function isUnboundedRepeat(rest: string): boolean {
  return /^(\*|\+|\{\d+,\})/.test(rest);
}
