import { Paper, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../../../lib/use-page-title';
import { type PromptDetailState } from './prompt-detail-page';
import { PromptEditor } from './prompt-editor';

export function NewPromptPage() {
  usePageTitle('New prompt');
  const navigate = useNavigate();
  return (
    <Paper withBorder p="lg">
      <Title order={2} size="h3" mb="md">
        New prompt
      </Title>
      <PromptEditor
        onSaved={(prompt) => navigate(`/stories/${prompt.id}`, { state: { focusHeading: true } satisfies PromptDetailState })}
        onQueued={() => navigate('/stories')}
        onCancel={() => navigate('/stories')}
      />
    </Paper>
  );
}
