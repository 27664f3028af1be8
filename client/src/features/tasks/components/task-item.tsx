import { ActionIcon, Badge, Button, Checkbox, Group, Paper, Text, Tooltip } from '@mantine/core';
import { type DragEvent, useState } from 'react';
import type { TaskFieldsFragment } from '../../../gql/graphql';
import { useTaskActions } from '../api/task-actions';
import { calendarDay, formatDueDay, isOverdue } from '../task-view';
import { TaskEditor } from './task-editor';

export const TASK_DRAG_TYPE = 'application/x-chorus-task';

interface TaskItemProps {
  task: TaskFieldsFragment;
  onMoveUp?: () => void;
  onMoveDown?: () => void;
  onDropBefore: (draggedId: string) => void;
  /** The task after this one in position order (for undoing a delete): null when last, undefined when not loaded. */
  nextId: string | null | undefined;
}

function dueLabel(dueAt: string): { label: string; overdue: boolean } {
  const now = new Date();
  return { label: formatDueDay(dueAt, now, { weekday: false }), overdue: isOverdue(dueAt, calendarDay(now)) };
}

/** On a phone the row's text column is narrow: the date wraps rather than lose its year to an ellipsis. */
const DUE_BADGE_WRAPS = { root: { height: 'auto', paddingBlock: 2 }, label: { whiteSpace: 'normal', overflow: 'visible' } } as const;

export function TaskItem(props: TaskItemProps) {
  const { task } = props;
  const [editing, setEditing] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const { toggleDone, remove: onDelete, deleting } = useTaskActions(task, props.nextId);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragOver(false);
    const dragged = event.dataTransfer.getData(TASK_DRAG_TYPE);
    if (dragged && dragged !== task.id) props.onDropBefore(dragged);
  };

  const due = task.dueAt ? dueLabel(task.dueAt) : null;

  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      data-testid="task-item"
      data-task-id={task.id}
      draggable={!editing}
      onDragStart={(event: DragEvent) => {
        event.dataTransfer.setData(TASK_DRAG_TYPE, task.id);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event: DragEvent) => {
        if (!event.dataTransfer.types.includes(TASK_DRAG_TYPE)) return;
        event.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
      style={{ listStyle: 'none', borderTop: dragOver ? '3px solid var(--mantine-color-violet-5)' : undefined, cursor: editing ? undefined : 'grab' }}
    >
      {editing ? (
        <TaskEditor task={task} onDone={() => setEditing(false)} />
      ) : (
        <Group wrap="nowrap" align="flex-start" gap="sm">
          <Checkbox mt={3} checked={task.done} onChange={() => void toggleDone()} aria-label={`Done: ${task.title}`} />
          <div style={{ flex: 1, minWidth: 0 }}>
            <Text fw={500} td={task.done ? 'line-through' : undefined} c={task.done ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }} data-testid="task-title">
              {task.title}
            </Text>
            {task.notes && (
              <Text size="sm" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
                {task.notes}
              </Text>
            )}
            {due && (
              <Badge size="sm" variant="light" color={due.overdue && !task.done ? 'red' : 'gray'} mt={4} maw="100%" radius="sm" styles={DUE_BADGE_WRAPS}>
                Due {due.label}
              </Badge>
            )}
          </div>
          <Group gap={4} wrap="nowrap">
            <Tooltip label="Move up">
              <ActionIcon variant="subtle" color="gray" onClick={props.onMoveUp} disabled={!props.onMoveUp} aria-label={`Move up: ${task.title}`}>
                ↑
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down">
              <ActionIcon variant="subtle" color="gray" onClick={props.onMoveDown} disabled={!props.onMoveDown} aria-label={`Move down: ${task.title}`}>
                ↓
              </ActionIcon>
            </Tooltip>
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)} aria-label={`Edit: ${task.title}`}>
              Edit
            </Button>
            <Button size="compact-sm" variant="subtle" color="red" loading={deleting} onClick={() => void onDelete()} aria-label={`Delete: ${task.title}`}>
              Delete
            </Button>
          </Group>
        </Group>
      )}
    </Paper>
  );
}
