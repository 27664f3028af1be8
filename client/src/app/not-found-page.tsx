import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { Empty } from '../components/query-state';
import { usePageTitle } from '../lib/use-page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <Empty title="Nothing here">
      This page does not exist.{' '}
      {/* Underlined: inside grey text, colour alone would not say it is a link. */}
      <Anchor component={Link} to="/" underline="always">
        Go home
      </Anchor>
    </Empty>
  );
}
