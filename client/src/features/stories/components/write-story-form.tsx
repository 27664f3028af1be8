import { Button, Group, NumberInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { STORY_LIMITS, storyRules } from '../../../../../shared/rules';
import { FieldProblems } from '../../../../../shared/validation';
import { fieldErrors } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useGenerateStory } from '../api/generate-story';

export function WriteStoryForm(props: { promptId: string; busy: boolean }) {
  const [generateStory, { loading }] = useGenerateStory();
  const [maxWords, setMaxWords] = useState<number>(300);
  const [error, setError] = useState<string | undefined>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = new FieldProblems();
    storyRules.maxWords(problems, maxWords);
    setError(problems.messages().maxWords);
    if (problems.messages().maxWords) return;
    try {
      await generateStory({ variables: { input: { promptId: props.promptId, maxWords } } });
      notifySuccess('The story bot is writing…');
    } catch (failure) {
      const refused = fieldErrors(failure).maxWords;
      setError(refused);
      if (!refused) notifyError(failure, 'Could not start the story');
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Write a story">
      <Group align="flex-end">
        <NumberInput
          label="About how many words"
          min={STORY_LIMITS.maxWordsMin}
          max={STORY_LIMITS.maxWordsMax}
          error={error}
          step={50}
          value={maxWords}
          onChange={(value) => {
            setMaxWords(typeof value === 'number' ? value : Number(value) || 300);
            setError(undefined);
          }}
          w={200}
        />
        <Button type="submit" loading={loading} disabled={props.busy}>
          Write a story
        </Button>
      </Group>
    </form>
  );
}
