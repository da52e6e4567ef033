import fc from 'fast-check';

import { MAX_REGEX_LENGTH, regexProblem } from './safe-regex.js';

/** Text matched literally: every character with a meaning in a pattern is escaped. */
const literal = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map((text) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'));
const unboundedQuantifier = fc.constantFrom('*', '+', '{1,}', '{0,}');

describe('safe regular expression properties', () => {
  it('every escaped literal, anchored or not, is accepted', () => {
    fc.assert(fc.property(literal, fc.boolean(), (pattern, anchored) => regexProblem(anchored ? `^${pattern}$` : pattern) === undefined));
  });

  it('a quantified group holding a quantifier is refused', () => {
    fc.assert(
      fc.property(literal, unboundedQuantifier, unboundedQuantifier, (text, inner, outer) => {
        expect(regexProblem(`(?:${text})${inner}`)).toBeUndefined();
        expect(regexProblem(`((?:${text})${inner})${outer}`)).toBe(
          'must not nest quantifiers (like (a+)+): it could take exponential time',
        );
      }),
    );
  });

  it('an alternation is accepted once or bounded, and refused under an unbounded repeat', () => {
    fc.assert(
      fc.property(literal, literal, unboundedQuantifier, (left, right, quantifier) => {
        expect(regexProblem(`(${left}|${right}){1,3}`)).toBeUndefined();
        expect(regexProblem(`(${left}|${right})${quantifier}`)).toMatch(/^must not repeat an alternation without bound/);
      }),
    );
  });

  it('a pattern longer than the limit is refused whatever it holds', () => {
    fc.assert(
      fc.property(literal, (text) => {
        const pattern = text.repeat(Math.ceil((MAX_REGEX_LENGTH + 1) / text.length));
        expect(regexProblem(pattern)).toBe(`must be at most ${MAX_REGEX_LENGTH} characters`);
      }),
    );
  });
});
