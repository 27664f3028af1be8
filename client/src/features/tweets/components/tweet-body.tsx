import { Anchor, Text } from '@mantine/core';
import { linkify } from './linkify';

/** A tweet's text with its web links clickable; every part is a React text node, never HTML. */
export function TweetBody(props: { body: string }) {
  return (
    <Text mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="tweet-body">
      {linkify(props.body).map((part, index) =>
        part.kind === 'link' ? (
          <Anchor key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow" underline="always">
            {part.text}
          </Anchor>
        ) : (
          part.text
        ),
      )}
    </Text>
  );
}
