import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { Empty } from '../components/query-state';
import { usePageTitle } from '../lib/use-page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <Empty title="Nothing here">
      This page does not exist.{' '}
      <Anchor component={Link} to="/">
        Go home
      </Anchor>
    </Empty>
  );
}
