import { Migration } from '@mikro-orm/migrations';

export class Migration20261128192749_Stories extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "story_status" as enum ('GENERATING', 'DONE', 'FAILED', 'CANCELLED');`);
    this.addSql(`create table "prompt" ("id" uuid not null, "owner_id" uuid not null, "title" varchar(120) not null, "content" text not null, "genre" varchar(40) null, "tone" varchar(40) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "prompt_pkey" primary key ("id"));`);
    this.addSql(`create index "prompt_owner_created_idx" on "prompt" ("owner_id", "created_at", "id");`);

    this.addSql(`create table "story" ("id" uuid not null, "prompt_id" uuid not null, "owner_id" uuid not null, "text" text not null default '', "status" "story_status" not null default 'GENERATING', "word_count" int not null default 0, "max_words" int not null, "provider" varchar(32) not null, "error" text null, "runner_id" uuid null, "cancel_requested_at" timestamptz null, "created_at" timestamptz not null, "finished_at" timestamptz null, "version" int not null default 1, constraint "story_pkey" primary key ("id"));`);
    this.addSql(`create index "story_generating_idx" on "story" ("owner_id", "runner_id") where "status" = 'GENERATING';`);
    this.addSql(`create index "story_prompt_created_idx" on "story" ("prompt_id", "created_at", "id");`);

    this.addSql(`alter table "prompt" add constraint "prompt_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "story" add constraint "story_prompt_id_foreign" foreign key ("prompt_id") references "prompt" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "story" drop constraint "story_prompt_id_foreign";`);

    this.addSql(`drop table if exists "prompt" cascade;`);

    this.addSql(`drop table if exists "story" cascade;`);

    this.addSql(`drop type "story_status";`);
  }

}
