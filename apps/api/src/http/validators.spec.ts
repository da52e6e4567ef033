import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';

import { topicFilterProblem } from '#libs/domain/shared';
import { SatisfiesRule } from './validators.js';

class TopicInput {
  @IsString({ message: 'must be a string' })
  @SatisfiesRule(topicFilterProblem)
  topic!: unknown;
}

const messagesFor = (topic: unknown) =>
  validateSync(plainToInstance(TopicInput, { topic })).flatMap((error) => Object.values(error.constraints ?? {}));

describe('a DTO field checked by a domain input rule', () => {
  it('reports the rule’s own problem text', () => {
    expect(messagesFor('a/#/b')).toEqual(["'#' must be the last level"]);
  });

  it('accepts what the rule accepts, and leaves a non-string to the type check', () => {
    expect(messagesFor('a/+/#')).toEqual([]);
    expect(messagesFor(42)).toEqual(['must be a string']);
  });
});
