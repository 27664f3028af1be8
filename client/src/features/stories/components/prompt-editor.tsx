import { Button, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import type { PromptFieldsFragment } from '../../../gql/graphql';
import { fieldErrors } from '../../../lib/graphql-errors';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCreatePrompt } from '../api/create-prompt';
import { useUpdatePrompt } from '../api/update-prompt';

/** Creates a prompt (no `prompt`) or edits one. */
export function PromptEditor(props: { prompt?: PromptFieldsFragment; onSaved: (prompt: PromptFieldsFragment) => void; onCancel?: () => void }) {
  const { prompt } = props;
  const [createPrompt, creation] = useCreatePrompt();
  const [updatePrompt, update] = useUpdatePrompt();
  const { values: input, setErrors, field } = useFormFields({
    title: prompt?.title ?? '',
    content: prompt?.content ?? '',
    genre: prompt?.genre ?? '',
    tone: prompt?.tone ?? '',
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      if (prompt) {
        const { data } = await updatePrompt({ variables: { id: prompt.id, input: { ...input, expectedVersion: prompt.version } } });
        if (data) props.onSaved(data.updatePrompt);
        notifySuccess('Prompt saved.');
      } else {
        const { data } = await createPrompt({ variables: { input: { ...input, genre: input.genre || null, tone: input.tone || null } } });
        if (data) props.onSaved(data.createPrompt);
        notifySuccess('Prompt created.');
      }
    } catch (error) {
      setErrors(fieldErrors(error));
      notifyError(error, 'Could not save the prompt');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={prompt ? 'Edit prompt' : 'New prompt'}>
      <Stack>
        <TextInput label="Title" required maxLength={120} data-autofocus {...field('title')} />
        <Textarea
          label="Prompt"
          description="Characters, setting, what they want"
          required
          autosize
          minRows={4}
          maxRows={14}
          maxLength={4000}
          {...field('content')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Genre" placeholder="fantasy, noir, sci-fi…" maxLength={40} {...field('genre')} />
          <TextInput label="Tone" placeholder="hopeful, dark, playful…" maxLength={40} {...field('tone')} />
        </SimpleGrid>
        <Group justify="flex-end">
          {props.onCancel && (
            <Button variant="default" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={creation.loading || update.loading}>
            {prompt ? 'Save prompt' : 'Create prompt'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
