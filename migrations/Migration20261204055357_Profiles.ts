import { Migration } from '@mikro-orm/migrations';

export class Migration20261204055357_Profiles extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "avatar_image" ("id" uuid not null, "user_id" uuid not null, "hash" varchar(43) not null, "large" bytea not null, "small" bytea not null, "created_at" timestamptz not null, constraint "avatar_image_pkey" primary key ("id"));`);
    this.addSql(`alter table "avatar_image" add constraint "avatar_image_user_id_unique" unique ("user_id");`);
    this.addSql(`create index "avatar_image_hash_idx" on "avatar_image" ("hash");`);

    this.addSql(`alter table "avatar_image" add constraint "avatar_image_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "users" add column "phone" varchar(16) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "avatar_image" cascade;`);

    this.addSql(`alter table "users" drop column "phone";`);
  }

}
