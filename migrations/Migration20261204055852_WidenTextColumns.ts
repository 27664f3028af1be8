import { Migration } from '@mikro-orm/migrations';

export class Migration20261204055852_WidenTextColumns extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "users" alter column "name" type varchar(1600) using ("name"::varchar(1600));`);
    this.addSql(`alter table "users" alter column "bio" type varchar(8000) using ("bio"::varchar(8000));`);

    this.addSql(`alter table "tweet" alter column "body" type varchar(4480) using ("body"::varchar(4480));`);

    this.addSql(`alter table "task" alter column "title" type varchar(3200) using ("title"::varchar(3200));`);

    this.addSql(`alter table "prompt" alter column "title" type varchar(1920) using ("title"::varchar(1920));`);
    this.addSql(`alter table "prompt" alter column "genre" type varchar(640) using ("genre"::varchar(640));`);
    this.addSql(`alter table "prompt" alter column "tone" type varchar(640) using ("tone"::varchar(640));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "prompt" alter column "title" type varchar(120) using ("title"::varchar(120));`);
    this.addSql(`alter table "prompt" alter column "genre" type varchar(40) using ("genre"::varchar(40));`);
    this.addSql(`alter table "prompt" alter column "tone" type varchar(40) using ("tone"::varchar(40));`);

    this.addSql(`alter table "task" alter column "title" type varchar(200) using ("title"::varchar(200));`);

    this.addSql(`alter table "tweet" alter column "body" type varchar(280) using ("body"::varchar(280));`);

    this.addSql(`alter table "users" alter column "name" type varchar(100) using ("name"::varchar(100));`);
    this.addSql(`alter table "users" alter column "bio" type varchar(500) using ("bio"::varchar(500));`);
  }

}
