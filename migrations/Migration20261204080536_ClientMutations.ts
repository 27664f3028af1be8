import { Migration } from '@mikro-orm/migrations';

export class Migration20261204080536_ClientMutations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "client_mutation" ("user_id" uuid not null, "client_mutation_id" varchar(1024) not null, "aggregate_type" varchar(32) not null, "aggregate_id" uuid null, "created_at" timestamptz not null default now(), constraint "client_mutation_pkey" primary key ("user_id", "client_mutation_id"));`);

    this.addSql(`alter table "client_mutation" add constraint "client_mutation_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "client_mutation" cascade;`);
  }

}
