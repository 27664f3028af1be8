import { Authorized, Extensions } from 'type-graphql';
import { Role } from './role.js';

/**
 * Every root field carries exactly one of these. `assertEveryRootFieldMarked` refuses a schema
 * where one is missing, so a new field is private until someone decides otherwise.
 */
export type Access = 'public' | 'signed-in' | 'admin';

type FieldDecorator = MethodDecorator & PropertyDecorator;

function both(...decorators: FieldDecorator[]): FieldDecorator {
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    for (const decorator of decorators) decorator(target, key, descriptor as never);
  };
}

export const Public = (): FieldDecorator => Extensions({ access: 'public' satisfies Access });
export const SignedIn = (): FieldDecorator => both(Authorized(), Extensions({ access: 'signed-in' satisfies Access }));
export const AdminOnly = (): FieldDecorator =>
  both(Authorized(Role.ADMIN), Extensions({ access: 'admin' satisfies Access }));
