import type { TaskFieldsFragment } from '../../../gql/graphql';
import { errorCode } from '../../../lib/graphql-errors';
import { notifyError, notifySuccess, notifyUndoable } from '../../../lib/notify';
import { useCreateTask } from './create-task';
import { useDeleteTask } from './delete-task';
import { useMoveTask } from './move-task';
import { useUpdateTask } from './update-task';

/**
 * Completing, reopening and deleting a task, each with "Undo" in its toast.
 *
 * The API has no undelete: undoing a deletion creates the task again with its title, notes and due
 * date, completes it if it was done, and moves it back before `nextId` (the task that followed it;
 * null when it was last, undefined when that is not known). The restored task is a new task: a new
 * id, version 1, a new `createdAt`; other tabs see a TaskDeleted and then a TaskCreated.
 */
export function useTaskActions(task: TaskFieldsFragment, nextId: string | null | undefined) {
  const [updateTask] = useUpdateTask();
  const [createTask] = useCreateTask();
  const [moveTask] = useMoveTask();
  const [deleteTask, deletion] = useDeleteTask();

  const setDone = async (done: boolean, undoable: boolean) => {
    try {
      await updateTask({
        variables: { id: task.id, input: { done } },
        optimisticResponse: { updateTask: { ...task, done } },
      });
      const message = done ? `“${task.title}” done.` : `“${task.title}” reopened.`;
      if (undoable) notifyUndoable(message, () => setDone(!done, false));
      else notifySuccess(message);
    } catch (error) {
      notifyError(error, 'Could not update the task');
    }
  };

  const restore = async () => {
    try {
      const { data } = await createTask({ variables: { input: { title: task.title, notes: task.notes, dueAt: task.dueAt } } });
      if (!data) return;
      const id = data.createTask.id;
      if (task.done) await updateTask({ variables: { id, input: { done: true } } });
      if (nextId !== undefined) {
        // The task it stood before may be gone too: then the restored one stays on top.
        await moveTask({ variables: { id, input: { beforeId: nextId } } }).catch((error: unknown) => {
          if (errorCode(error) !== 'NOT_FOUND') throw error;
        });
      }
      notifySuccess(`“${task.title}” restored.`);
    } catch (error) {
      notifyError(error, 'Could not restore the task');
    }
  };

  /** True when the task is gone. */
  const remove = async (): Promise<boolean> => {
    try {
      await deleteTask({ variables: { id: task.id, input: { expectedVersion: task.version } } });
      notifyUndoable(`“${task.title}” deleted.`, restore);
      return true;
    } catch (error) {
      notifyError(error, 'Could not delete the task');
      return false;
    }
  };

  return { toggleDone: () => setDone(!task.done, true), remove, deleting: deletion.loading };
}
