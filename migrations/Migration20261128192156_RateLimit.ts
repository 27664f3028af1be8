import { Migration } from '@mikro-orm/migrations';

export class Migration20261128192156_RateLimit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit" ("key" varchar(300) not null, "window_start" timestamptz not null, "hits" int not null, constraint "rate_limit_pkey" primary key ("key"));`);
    this.addSql(`create index "rate_limit_window_start_idx" on "rate_limit" ("window_start");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }

}
