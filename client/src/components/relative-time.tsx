import { relativeTime } from '../lib/relative-time';
import { useNow } from '../lib/use-now';

/** A time that stays fresh ("3 minutes ago" becomes "4 minutes ago") with the exact time on hover. */
export function RelativeTime(props: { date: string }) {
  const now = useNow();
  const date = new Date(props.date);
  return (
    <time dateTime={props.date} title={date.toLocaleString()}>
      {relativeTime(date, now)}
    </time>
  );
}
