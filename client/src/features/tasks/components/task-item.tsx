import { ActionIcon, Badge, Button, Checkbox, Group, Menu, Paper, Text, Tooltip } from '@mantine/core';
import { type DragEvent, type KeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { TaskFieldsFragment } from '../../../gql/graphql';
import { firstShown, focusElement } from '../../../lib/focus';
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

/**
 * Move hints (tooltips) stay closed from a move until the pointer really moves: the rows shift under a
 * still pointer, and the tooltip of whichever button ends up under it would otherwise open over a row
 * the user did not point at (and look as if the clicked one stayed open).
 *
 * The hints are controlled from here, not by Mantine's own hover tracking: a row that moves is taken out
 * of the DOM and put back, and the browser then never sends its button a mouseleave, so Mantine's tooltip
 * stayed open (only hidden while suppressed) and came back beside the moved row for good. Here a move
 * forgets which button the pointer was over; only the button's own pointer events name it again.
 */
const moveHints = {
  suppressed: false,
  /** The Move button (its id) under a mouse-like pointer. */
  hovered: null as string | null,
  listeners: new Set<() => void>(),
  set(suppressed: boolean) {
    // Every move forgets the button, a second one before the pointer moves too (its row moves as well).
    if (suppressed) moveHints.hover(null);
    if (moveHints.suppressed === suppressed) return;
    moveHints.suppressed = suppressed;
    if (suppressed) window.addEventListener('pointermove', moveHints.onPointerMove);
    else window.removeEventListener('pointermove', moveHints.onPointerMove);
    moveHints.notify();
  },
  hover(id: string | null) {
    if (moveHints.hovered === id) return;
    moveHints.hovered = id;
    // Escape dismisses a hint, as Mantine's own tooltip does; it comes back when the pointer moves.
    if (id) window.addEventListener('keydown', moveHints.onKeyDown);
    else window.removeEventListener('keydown', moveHints.onKeyDown);
    moveHints.notify();
  },
  // The browser's own re-hover after layout comes with no movement.
  onPointerMove(event: PointerEvent) {
    if (event.movementX !== 0 || event.movementY !== 0) moveHints.set(false);
  },
  onKeyDown(event: globalThis.KeyboardEvent) {
    if (event.key === 'Escape') moveHints.set(true);
  },
  notify() {
    for (const listener of moveHints.listeners) listener();
  },
  subscribe(listener: () => void) {
    moveHints.listeners.add(listener);
    return () => moveHints.listeners.delete(listener);
  },
};

function MoveButton(props: { hint: string; label: string; onClick?: () => void; children: ReactNode }) {
  const id = useId();
  const opened = useSyncExternalStore(moveHints.subscribe, () => !moveHints.suppressed && moveHints.hovered === id);
  useEffect(() => () => {
    if (moveHints.hovered === id) moveHints.hover(null);
  }, [id]);
  // Touch gets no hint (a tap would leave one open), as with Mantine's default.
  const onPointer = (event: ReactPointerEvent) => {
    if (event.pointerType !== 'touch') moveHints.hover(id);
  };
  return (
    <Tooltip label={props.hint} opened={opened} events={{ hover: false, focus: false, touch: false }}>
      <ActionIcon
        variant="subtle"
        color="gray"
        onPointerEnter={onPointer}
        onPointerMove={onPointer}
        onPointerLeave={() => {
          if (moveHints.hovered === id) moveHints.hover(null);
        }}
        onClick={() => {
          moveHints.set(true);
          props.onClick?.();
        }}
        disabled={!props.onClick}
        aria-label={props.label}
      >
        {props.children}
      </ActionIcon>
    </Tooltip>
  );
}

export function TaskItem(props: TaskItemProps) {
  const { task } = props;
  const [editing, setEditing] = useState(false);
  const itemRef = useRef<HTMLLIElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const [dragOver, setDragOver] = useState(false);
  const { toggleDone, remove, deleting } = useTaskActions(task, props.nextId);

  // Opening the editor focuses its title; leaving it (Save, Cancel, Escape) puts focus back on what opened it.
  useEffect(() => {
    if (!wasEditing.current && editing) focusElement(itemRef.current?.querySelector('input'));
    if (wasEditing.current && !editing) firstShown(editButtonRef.current, menuButtonRef.current)?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const onEditorKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    setEditing(false);
  };

  const onDelete = async () => {
    // Where focus goes once this row is gone: the next task, else the previous one, else the page heading.
    const neighbour = itemRef.current?.nextElementSibling ?? itemRef.current?.previousElementSibling;
    const heading = itemRef.current?.closest('main')?.querySelector('h2');
    if (await remove()) {
      if (!focusElement(neighbour?.querySelector('input[type=checkbox]'))) focusElement(heading);
    }
  };

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
      ref={itemRef}
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
        <div onKeyDown={onEditorKeyDown}>
          <TaskEditor task={task} onDone={() => setEditing(false)} />
        </div>
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
          <Group gap={4} wrap="nowrap" visibleFrom="xs">
            <MoveButton hint="Move up" label={`Move up: ${task.title}`} onClick={props.onMoveUp}>
              ↑
            </MoveButton>
            <MoveButton hint="Move down" label={`Move down: ${task.title}`} onClick={props.onMoveDown}>
              ↓
            </MoveButton>
            <Button ref={editButtonRef} size="compact-sm" variant="subtle" onClick={() => setEditing(true)} aria-label={`Edit: ${task.title}`}>
              Edit
            </Button>
            <Button size="compact-sm" variant="subtle" color="red" loading={deleting} onClick={() => void onDelete()} aria-label={`Delete: ${task.title}`}>
              Delete
            </Button>
          </Group>
          {/* On a phone the four buttons would squeeze the title: they go in a menu. */}
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon ref={menuButtonRef} variant="subtle" color="gray" hiddenFrom="xs" loading={deleting} aria-label={`Actions: ${task.title}`}>
                ⋯
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item disabled={!props.onMoveUp} onClick={props.onMoveUp}>
                Move up
              </Menu.Item>
              <Menu.Item disabled={!props.onMoveDown} onClick={props.onMoveDown}>
                Move down
              </Menu.Item>
              <Menu.Item onClick={() => setEditing(true)}>Edit</Menu.Item>
              <Menu.Item color="red" onClick={() => void onDelete()}>
                Delete
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      )}
    </Paper>
  );
}
