import { ApolloLink } from '@apollo/client/link';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { Client } from 'graphql-ws';
import { Observable } from 'rxjs';
import { documentText } from './document-text';

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

/**
 * Apollo's `GraphQLWsLink`, printing documents as the trusted-documents manifest does (see
 * `documentText`): the link that ships with Apollo Client always uses its own printer.
 */
export class WsLink extends ApolloLink {
  constructor(private readonly client: Client) {
    super();
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    return new Observable<ApolloLink.Result>((observer) =>
      this.client.subscribe<ApolloLink.Result['data'], ApolloLink.Result['extensions']>(
        {
          query: documentText(operation.query),
          operationName: operation.operationName,
          variables: operation.variables,
          extensions: operation.extensions,
        },
        {
          next: (value) => observer.next(value as ApolloLink.Result),
          complete: () => observer.complete(),
          error: (error: unknown) => {
            if (error instanceof Error) return observer.error(error);
            if (isCloseEvent(error)) return observer.error(new Error(`Socket closed with event ${error.code} ${error.reason}`.trim()));
            const errors = Array.isArray(error) ? error : [error];
            return observer.error(new CombinedGraphQLErrors({ errors }));
          },
        },
      ),
    );
  }
}
