import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tweetLength } from '../../client/src/features/tweets/components/post-tweet-form';
import { promptRules as serverPromptRules } from '../../server/src/modules/prompts/prompt.rules.js';
import { storyRules as serverStoryRules } from '../../server/src/modules/stories/story.rules.js';
import { taskRules as serverTaskRules } from '../../server/src/modules/tasks/task.rules.js';
import { tweetRules as serverTweetRules } from '../../server/src/modules/tweets/tweet.rules.js';
import { FieldErrors } from '../../server/src/shared/validation.js';
import { accountRules, promptRules, storyRules, TASK_LIMITS, taskRules, TWEET_LIMITS, tweetRules } from '../../shared/rules';
import { FieldProblems } from '../../shared/validation';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
/** Text as people type it, and the awkward cases: combining marks, joiners, CR LF, emoji, invisible characters. */
const text = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '\r\n', '\u200B', '\u00AD', 'e\u0301', FAMILY, '\u{1F3B6}') },
    ),
    maxLength,
  });

/** The server's verdict: its rule with its own error collector, which throws BAD_USER_INPUT. */
function serverMessage(check: (errors: FieldErrors) => unknown, field: string): string | undefined {
  try {
    const errors = new FieldErrors();
    check(errors);
    errors.throwIfAny();
    return undefined;
  } catch (error) {
    return (error as { extensions: { fields: Record<string, string> } }).extensions.fields[field];
  }
}

/** The client's verdict: the same rule with the form's collector. */
function clientMessage(check: (problems: FieldProblems) => unknown, field: string): string | undefined {
  const problems = new FieldProblems();
  check(problems);
  return problems.messages()[field];
}

describe('one definition of the field rules for the server and the client', () => {
  it('the server applies the shared rules themselves, not copies', () => {
    expect(serverTweetRules).toBe(tweetRules);
    expect(serverTaskRules).toBe(taskRules);
    expect(serverPromptRules).toBe(promptRules);
    expect(serverStoryRules).toBe(storyRules);
  });

  it('a form and the API give the same verdict and message for any tweet, task title and prompt', () => {
    fc.assert(
      fc.property(text(TWEET_LIMITS.bodyMax + 20), (body) => {
        expect(clientMessage((p) => tweetRules.body(p, body), 'body')).toBe(serverMessage((e) => serverTweetRules.body(e, body), 'body'));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(text(TASK_LIMITS.titleMax + 20), (title) => {
        expect(clientMessage((p) => taskRules.title(p, title), 'title')).toBe(serverMessage((e) => serverTaskRules.title(e, title), 'title'));
      }),
      { numRuns: 200 },
    );
  });

  it("the tweet form's counter refuses exactly what the API refuses", () => {
    fc.assert(
      fc.property(fc.oneof(text(40), fc.nat({ max: 12 }).map((extra) => FAMILY.repeat(TWEET_LIMITS.bodyMax - 6 + extra))), (body) => {
        const length = tweetLength(body);
        const formAccepts = length > 0 && length <= TWEET_LIMITS.bodyMax;
        expect(formAccepts).toBe(serverMessage((e) => serverTweetRules.body(e, body), 'body') === undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the messages the forms show under their fields', () => {
    expect(clientMessage((p) => accountRules.email(p, 'ada@example'), 'email')).toBe('must be a valid email address');
    expect(clientMessage((p) => accountRules.email(p, '  Ada@Example.com '), 'email')).toBeUndefined();
    expect(clientMessage((p) => accountRules.username(p, 'ad'), 'username')).toBe('3 to 32 characters: letters, digits or _');
    expect(clientMessage((p) => accountRules.password(p, 'short', 'newPassword'), 'newPassword')).toBe('must be 8 to 256 characters');
    expect(clientMessage((p) => tweetRules.body(p, FAMILY.repeat(281)), 'body')).toBe('must be 1 to 280 characters');
    expect(clientMessage((p) => tweetRules.body(p, ' \u200B '), 'body')).toBe('must be 1 to 280 characters and not blank');
    expect(clientMessage((p) => accountRules.avatarUrl(p, 'http://example.com/a.png'), 'avatarUrl')).toBe('must be an https URL');
    expect(clientMessage((p) => storyRules.maxWords(p, 20), 'maxWords')).toBe('must be 50 to 2000');
  });

  it('keeps the first message per field', () => {
    const problems = new FieldProblems().add('title', 'first').add('title', 'second').check('notes', true, 'never');
    expect(problems.messages()).toEqual({ title: 'first' });
  });
});
