import { Button, Group, Text } from '@mantine/core';

/** The body of an undoable toast (notify.ts): what happened, and the button that takes it back. */
export function UndoMessage(props: { message: string; onUndo: () => void }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Text size="sm">{props.message}</Text>
      <Button size="compact-sm" variant="light" onClick={props.onUndo}>
        Undo
      </Button>
    </Group>
  );
}
