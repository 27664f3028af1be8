import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MantineProvider } from '@mantine/core';
import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataView, type DataViewProps, type DataViewQuery } from '../../client/src/components/data-view';
import { Empty } from '../../client/src/components/query-state';

interface Item {
  id: string;
}
type Page = { edges: { node: Item }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const settled: DataViewQuery = { loading: false, refetch: async () => undefined };

function page(ids: string[], hasNextPage = false): Page {
  return { edges: ids.map((id) => ({ node: { id } })), pageInfo: { hasNextPage, endCursor: ids.at(-1) ?? null } };
}

function graphQLError(message: string, code: string) {
  return new CombinedGraphQLErrors({ errors: [{ message, extensions: { code } }] });
}

/** The view as it first renders (the tests run in Node, without a DOM: its HTML, and what is read from it). */
function render<T>(props: Omit<DataViewProps<T>, 'children'> & { children?: (data: T) => ReactNode }) {
  const children = props.children ?? ((data: T) => createElement('ul', { 'data-testid': 'the-list' }, JSON.stringify(data)));
  const markup = renderToStaticMarkup(createElement(MantineProvider, null, createElement(DataView<T>, { ...props, children })));
  // Without Mantine's own style sheets.
  const html = markup.replace(/<style[^>]*>.*?<\/style>/gs, '');
  /** The text of the first element with this attribute (e.g. `data-testid="empty-state"`), or null. */
  const textOf = (attribute: string) => {
    const start = html.indexOf(attribute);
    if (start < 0) return null;
    const tag = html.lastIndexOf('<', start);
    const name = /^<([a-z0-9]+)/.exec(html.slice(tag))![1]!;
    // Counts nested elements of the same name to find the matching end tag.
    let depth = 0;
    const pattern = new RegExp(`<(/?)${name}[\\s>]`, 'g');
    pattern.lastIndex = tag;
    for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
      depth += match[1] ? -1 : 1;
      if (depth === 0) return plain(html.slice(tag, match.index));
    }
    throw new Error(`unclosed <${name}>`);
  };
  return {
    html,
    text: plain(html),
    textOf,
    buttons: [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/gs)].map((match) => ({ attributes: match[1]!, text: plain(match[2]!) })),
  };
}

const plain = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&').trim();
const emptyMessage = createElement(Empty, { title: 'No tasks yet' }, 'Add your first task above.');
const labels = (view: { buttons: { text: string }[] }) => view.buttons.map((button) => button.text);

const SHOWN = ['data-testid="the-list"', 'data-testid="empty-state"', 'data-testid="failure-state"', 'role="status"'];
/** Which of the four states the view shows. */
const shown = (view: { html: string }) => SHOWN.filter((marker) => view.html.includes(marker));

describe('DataView', () => {
  it('shows a named loader until the query has answered', () => {
    const view = render<Page>({ query: { ...settled, loading: true }, data: undefined, loadingLabel: 'Loading tasks…', empty: emptyMessage });
    expect(shown(view)).toEqual(['role="status"']);
    expect(view.textOf('role="status"')).toBe('Loading tasks…');
    expect(view.html).toContain('aria-live="polite"');
  });

  it("shows the server's message and Try again when the first answer failed", () => {
    const view = render<Page>({ query: { ...settled, error: graphQLError('Slow down a little.', 'RATE_LIMITED') }, data: undefined, loadingLabel: 'Loading tasks…' });
    expect(shown(view)).toEqual(['data-testid="failure-state"']);
    expect(view.html).toContain('role="alert"');
    expect(view.textOf('data-testid="failure-state"')).toContain('Slow down a little.');
    expect(labels(view)).toEqual(['Try again']);
  });

  it("shows the page's own message for an empty connection, for none at all and for NOT_FOUND", () => {
    for (const view of [
      render<Page>({ query: settled, data: page([]), empty: emptyMessage }),
      render<Item>({ query: settled, data: null, empty: emptyMessage }),
      render<Item>({ query: { ...settled, error: graphQLError('No such user.', 'NOT_FOUND') }, data: undefined, empty: emptyMessage }),
    ]) {
      expect(shown(view)).toEqual(['data-testid="empty-state"']);
      expect(view.textOf('data-testid="empty-state"')).toBe('No tasks yetAdd your first task above.');
    }
    // A page with nothing to say (its pending entries are shown above) says nothing.
    expect(render<Page>({ query: settled, data: page([]), empty: null }).text).toBe('');
    // Without a message of its own, "none" is a failure.
    expect(shown(render<Item>({ query: settled, data: null }))).toEqual(['data-testid="failure-state"']);
  });

  it("shows the data through the page's view, and keeps it when a later request fails", () => {
    for (const query of [settled, { ...settled, error: new Error('Failed to fetch') }]) {
      const view = render<Page>({ query, data: page(['a', 'b']), empty: emptyMessage });
      expect(shown(view)).toEqual(['data-testid="the-list"']);
      expect(view.textOf('data-testid="the-list"')).toBe(JSON.stringify(page(['a', 'b'])).replace(/"/g, '&quot;'));
    }
    const entity = render<Item>({ query: settled, data: { id: 'u1' }, empty: emptyMessage, children: (item) => createElement('h2', null, `@${item.id}`) });
    expect(entity.html).toBe('<h2>@u1</h2>');
  });

  it('offers the next page while there is one: a button, or a named spinner while a page loads on scrolling', () => {
    const more = { label: 'Load more tasks', load: async () => undefined };
    expect(labels(render<Page>({ query: settled, data: page(['a'], true), more }))).toEqual(['Load more tasks']);
    expect(labels(render<Page>({ query: settled, data: page(['a'], false), more }))).toEqual([]);
    // The query is busy: the button says so and cannot ask twice.
    const [busy] = render<Page>({ query: { ...settled, loading: true }, data: page(['a'], true), more }).buttons;
    expect(busy?.attributes).toContain('data-loading="true"');
    expect(busy?.attributes).toContain('disabled=""');
    const scrolling = { label: 'Load older tweets', load: more.load, onScroll: { loadingLabel: 'Loading more tweets' } };
    expect(labels(render<Page>({ query: settled, data: page(['a'], true), more: scrolling }))).toEqual(['Load older tweets']);
    const loadingOnScroll = render<Page>({ query: { ...settled, loading: true }, data: page(['a'], true), more: scrolling });
    expect(labels(loadingOnScroll)).toEqual([]);
    expect(loadingOnScroll.html).toContain('aria-label="Loading more tweets"');
    // An empty list shows its message, not a button.
    expect(labels(render<Page>({ query: settled, data: page([], true), more, empty: emptyMessage }))).toEqual([]);
  });
});
