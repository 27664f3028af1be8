import { Button } from '@mantine/core';
import { type CSSProperties, useState } from 'react';

/** Off screen (but read and focusable) until it has focus. */
const HIDDEN: CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' };
const SHOWN: CSSProperties = { position: 'fixed', top: 8, left: 8, zIndex: 1000 };

/**
 * The first thing Tab reaches on every signed-in page: past the header and navigation, straight to the
 * page. It focuses the target itself rather than following the #fragment, which would change the URL.
 */
export function SkipLink(props: { targetId: string }) {
  const [focused, setFocused] = useState(false);
  return (
    <Button
      component="a"
      href={`#${props.targetId}`}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(props.targetId)?.focus();
      }}
      style={focused ? SHOWN : HIDDEN}
    >
      Skip to content
    </Button>
  );
}
