import { Button, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { PromptFieldsFragment } from '../../../gql/graphql';
import { promptRules } from '../../../../../shared/rules';
import { useFormFields } from '../../../lib/use-form-fields';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useOutbox } from '../../../lib/outbox/outbox-context';
import { useUpdatePrompt } from '../api/update-prompt';

/**
 * Creates a prompt (no `prompt`) or edits one. A new prompt goes through the outbox: when the server
 * cannot be reached it is kept, listed as pending, and created once the connection returns (`onQueued`).
 */
export function PromptEditor(props: {
  prompt?: PromptFieldsFragment;
  onSaved: (prompt: { id: string }) => void;
  onQueued?: () => void;
  onCancel?: () => void;
}) {
  const { prompt } = props;
  const { submit, discard } = useOutbox();
  const [creating, setCreating] = useState(false);
  const [updatePrompt, update] = useUpdatePrompt();
  const { values: input, field, validate, setErrors, showServerErrors } = useFormFields({
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
        setCreating(true);
        const outcome = await submit('prompt', { ...input, genre: input.genre || null, tone: input.tone || null }).finally(() => setCreating(false));
        if (outcome.status === 'sent') {
          props.onSaved({ id: outcome.id });
          notifySuccess('Prompt created.');
        } else if (outcome.status === 'waiting') {
          props.onQueued?.();
        } else {
          // Refused at once, while the form still holds the text: say why here rather than in a pending item.
          discard(outcome.id);
          setErrors(outcome.fields);
          if (!Object.keys(outcome.fields).length) notifyError(new Error(outcome.message), 'Could not save the prompt');
        }
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
          <Button type="submit" loading={creating || update.loading}>
            {prompt ? 'Save prompt' : 'Create prompt'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
