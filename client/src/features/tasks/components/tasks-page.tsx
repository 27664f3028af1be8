import { Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useSearchParams } from 'react-router';
import { DataView } from '../../../components/data-view';
import { LiveStatusBadge } from '../../../components/live-status';
import { Empty } from '../../../components/query-state';
import type { TaskFilter } from '../../../gql/graphql';
import { notifyError } from '../../../lib/notify';
import { usePendingEntries } from '../../../lib/outbox/outbox-context';
import { usePageTitle } from '../../../lib/use-page-title';
import { useTasks } from '../api/get-tasks';
import { useMoveTask } from '../api/move-task';
import { useTaskEvents } from '../api/task-events';
import { AddTaskForm } from './add-task-form';
import { PendingTasks } from './pending-tasks';
import { completedLast } from '../task-view';
import { TaskItem } from './task-item';

type Show = 'all' | 'open' | 'done';

const SHOW_OPTIONS = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
];

function filterFor(show: Show, search: string): TaskFilter {
  return { done: show === 'all' ? null : show === 'done', search: search || null };
}

export function TasksPage() {
  usePageTitle('Tasks');
  const [params, setParams] = useSearchParams();
  const show: Show = params.get('show') === 'open' || params.get('show') === 'done' ? (params.get('show') as Show) : 'all';
  const search = params.get('q') ?? '';
  const [debouncedSearch] = useDebouncedValue(search.trim(), 250);
  const tasksQuery = useTasks(filterFor(show, debouncedSearch));
  const { data, previousData, loading } = tasksQuery;
  const live = useTaskEvents(loading ? undefined : data?.tasks.streamCursor);
  const [moveTask] = useMoveTask();
  const connection = (data ?? previousData)?.tasks;
  // In position order (the server's); the list shows completed ones below the open ones.
  const tasks = connection?.edges.map((edge) => edge.node) ?? [];
  const pendingCount = usePendingEntries('task').length;
  const shown = completedLast(tasks);
  const hasMore = connection?.pageInfo.hasNextPage ?? false;
  /** The task after `task` in position order: null when it is the last, undefined when that is on a page not loaded. */
  const following = (task: (typeof tasks)[number]) => tasks[tasks.indexOf(task) + 1]?.id ?? (hasMore ? undefined : null);

  const setParam = (name: string, value: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value && value !== 'all') next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const move = async (id: string, beforeId: string | null) => {
    try {
      await moveTask({ variables: { id, input: { beforeId } } });
    } catch (failure) {
      notifyError(failure, 'Could not move the task');
    }
  };

  const emptyTitle = debouncedSearch
    ? `No task matches “${debouncedSearch}”`
    : show === 'done'
      ? 'Nothing done yet'
      : show === 'open'
        ? 'All done!'
        : 'No tasks yet';

  return (
    <Stack maw={760}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Tasks</Title>
          <Text c="dimmed" size="sm" aria-live="polite">
            {connection ? `${connection.totalCount} ${connection.totalCount === 1 ? 'task' : 'tasks'}` : ' '}
          </Text>
        </div>
        <LiveStatusBadge live={live} />
      </Group>
      <AddTaskForm />
      <Group align="flex-end">
        <SegmentedControl aria-label="Show tasks" data={SHOW_OPTIONS} value={show} onChange={(value) => setParam('show', value)} />
        <TextInput
          label="Search tasks"
          type="search"
          placeholder="Title or notes"
          value={search}
          onChange={(event) => setParam('q', event.currentTarget.value)}
          style={{ flex: 1, minWidth: 180 }}
        />
      </Group>
      <PendingTasks />
      <DataView
        query={tasksQuery}
        data={connection}
        loadingLabel="Loading tasks…"
        empty={pendingCount > 0 ? null : <Empty title={emptyTitle}>{!debouncedSearch && show === 'all' ? 'Add your first task above.' : null}</Empty>}
        more={{ label: 'Load more tasks', load: (after) => tasksQuery.fetchMore({ variables: { after } }) }}
      >
        {() => (
          <Stack component="ol" gap="xs" p={0} m={0} aria-label="Tasks" data-testid="task-list">
            {shown.map((task, index) => {
              // Tasks move within their group (open or done): the groups share one position order, so
              // "down" puts the task just after the one below it, before whatever follows that one.
              const above = shown[index - 1]?.done === task.done ? shown[index - 1] : undefined;
              const below = shown[index + 1]?.done === task.done ? shown[index + 1] : undefined;
              const afterBelow = below && following(below);
              return (
                <TaskItem
                  key={task.id}
                  task={task}
                  nextId={following(task)}
                  onMoveUp={above ? () => void move(task.id, above.id) : undefined}
                  onMoveDown={below && afterBelow !== undefined ? () => void move(task.id, afterBelow) : undefined}
                  onDropBefore={(draggedId) => {
                    if (tasks.find((dragged) => dragged.id === draggedId)?.done === task.done) void move(draggedId, task.id);
                  }}
                />
              );
            })}
          </Stack>
        )}
      </DataView>
    </Stack>
  );
}
