import { Migration } from '@mikro-orm/migrations';

export class Migration20261204053657_WidenTextColumns extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "users" alter column "name" type text using ("name"::text);`);
    this.addSql(`alter table "users" alter column "bio" type text using ("bio"::text);`);

    this.addSql(`alter table "tweet" alter column "body" type text using ("body"::text);`);

    this.addSql(`alter table "task" alter column "title" type text using ("title"::text);`);

    this.addSql(`alter table "prompt" alter column "title" type text using ("title"::text);`);
    this.addSql(`alter table "prompt" alter column "genre" type text using ("genre"::text);`);
    this.addSql(`alter table "prompt" alter column "tone" type text using ("tone"::text);`);
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
