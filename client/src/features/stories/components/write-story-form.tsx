import { Button, Group, NumberInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useGenerateStory } from '../api/generate-story';

export function WriteStoryForm(props: { promptId: string; busy: boolean }) {
  const [generateStory, { loading }] = useGenerateStory();
  const [maxWords, setMaxWords] = useState<number>(300);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await generateStory({ variables: { input: { promptId: props.promptId, maxWords } } });
      notifySuccess('The story bot is writing…');
    } catch (error) {
      notifyError(error, 'Could not start the story');
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Write a story">
      <Group align="flex-end">
        <NumberInput
          label="About how many words"
          min={50}
          max={2000}
          step={50}
          value={maxWords}
          onChange={(value) => setMaxWords(typeof value === 'number' ? value : Number(value) || 300)}
          w={200}
        />
        <Button type="submit" loading={loading} disabled={props.busy}>
          Write a story
        </Button>
      </Group>
    </form>
  );
}
