import { Button, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import type { PromptFieldsFragment } from '../../../gql/graphql';
import { promptRules } from '../../../../../shared/rules';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCreatePrompt } from '../api/create-prompt';
import { useUpdatePrompt } from '../api/update-prompt';

/** Creates a prompt (no `prompt`) or edits one. */
export function PromptEditor(props: { prompt?: PromptFieldsFragment; onSaved: (prompt: PromptFieldsFragment) => void; onCancel?: () => void }) {
  const { prompt } = props;
  const [createPrompt, creation] = useCreatePrompt();
  const [updatePrompt, update] = useUpdatePrompt();
  const { values: input, field, validate, showServerErrors } = useFormFields({
    title: prompt?.title ?? '',
    content: prompt?.content ?? '',
    genre: prompt?.genre ?? '',
    tone: prompt?.tone ?? '',
  }, (values, problems) => {
    promptRules.title(problems, values.title);
    promptRules.content(problems, values.content);
    promptRules.label(problems, 'genre', values.genre);
    promptRules.label(problems, 'tone', values.tone);
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!validate(event.currentTarget as HTMLFormElement)) return;
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
      if (!showServerErrors(error)) notifyError(error, 'Could not save the prompt');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={prompt ? 'Edit prompt' : 'New prompt'}>
      <Stack>
        <TextInput label="Title" required data-autofocus {...field('title')} />
        <Textarea
          label="Prompt"
          description="Characters, setting, what they want"
          required
          autosize
          minRows={4}
          maxRows={14}
         
          {...field('content')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Genre" placeholder="fantasy, noir, sci-fi…" {...field('genre')} />
          <TextInput label="Tone" placeholder="hopeful, dark, playful…" {...field('tone')} />
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
