import { Migration } from '@mikro-orm/migrations';

export class Migration20261128191552 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create type "user_role" as enum ('USER', 'ADMIN');`);
    this.addSql(`create table "domain_event" ("id" bigserial primary key, "xact_id" xid8 not null default pg_current_xact_id(), "type" varchar(64) not null, "aggregate_type" varchar(32) not null, "aggregate_id" varchar(64) not null, "aggregate_version" int not null, "kind" varchar(16) not null, "actor_id" uuid null, "owner_id" uuid null, "audience" text[] not null, "payload" jsonb not null, "at" timestamptz not null default clock_timestamp());`);
    this.addSql(`create index "domain_event_owner_idx" on "domain_event" ("owner_id", "id");`);
    this.addSql(`create index "domain_event_aggregate_idx" on "domain_event" ("aggregate_type", "aggregate_id", "id");`);
    this.addSql(`create index "domain_event_order_idx" on "domain_event" ("xact_id", "id");`);

    this.addSql(`create table "users" ("id" uuid not null, "username" varchar(32) not null, "email" varchar(254) not null, "name" varchar(100) not null, "password_hash" text not null, "role" "user_role" not null default 'USER', "avatar_url" text null, "bio" varchar(500) not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(`create index "users_search_trgm" on "users" using gin ((username || ' ' || name) gin_trgm_ops);`);

    this.addSql(`create table "refresh_session" ("id" uuid not null, "user_id" uuid not null, "family" uuid not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "refresh_session_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_session_user_id_index" on "refresh_session" ("user_id");`);
    this.addSql(`alter table "refresh_session" add constraint "refresh_session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "refresh_session_family_idx" on "refresh_session" ("family");`);

    this.addSql(`alter table "refresh_session" add constraint "refresh_session_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refresh_session" drop constraint "refresh_session_user_id_foreign";`);

    this.addSql(`drop table if exists "domain_event" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "refresh_session" cascade;`);

    this.addSql(`drop type "user_role";`);
  }

}
