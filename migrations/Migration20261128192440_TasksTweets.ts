import { Migration } from '@mikro-orm/migrations';

export class Migration20261128192440_TasksTweets extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "tweet" ("id" uuid not null, "author_id" uuid not null, "body" varchar(280) not null, "created_at" timestamptz not null, "version" int not null default 1, "like_count" int not null default 0, constraint "tweet_pkey" primary key ("id"));`);
    this.addSql(`create index "tweet_body_trgm" on "tweet" using gin ("body" gin_trgm_ops);`);
    this.addSql(`create index "tweet_author_feed_idx" on "tweet" ("author_id", "created_at", "id");`);
    this.addSql(`create index "tweet_feed_idx" on "tweet" ("created_at", "id");`);

    this.addSql(`create table "tweet_like" ("tweet_id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null, constraint "tweet_like_pkey" primary key ("tweet_id", "user_id"));`);
    this.addSql(`create index "tweet_like_user_id_index" on "tweet_like" ("user_id");`);

    this.addSql(`create table "task" ("id" uuid not null, "owner_id" uuid not null, "title" varchar(200) not null, "notes" text not null default '', "done" boolean not null default false, "due_at" timestamptz null, "position" double precision not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "task_pkey" primary key ("id"));`);
    this.addSql(`create index "task_notes_trgm" on "task" using gin ("notes" gin_trgm_ops);`);
    this.addSql(`create index "task_title_trgm" on "task" using gin ("title" gin_trgm_ops);`);
    this.addSql(`create index "task_owner_order_idx" on "task" ("owner_id", "position", "created_at" desc, "id" desc);`);

    this.addSql(`alter table "tweet" add constraint "tweet_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "tweet_like" add constraint "tweet_like_tweet_id_foreign" foreign key ("tweet_id") references "tweet" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "tweet_like" add constraint "tweet_like_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "task" add constraint "task_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    // like_count and version follow every like row written or removed, in the same transaction,
    // including the cascade when an account is deleted (Tweet.likeCount relies on it).
    this.addSql(`create function tweet_like_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update tweet set like_count = like_count + 1, version = version + 1 where id = new.tweet_id;
  else
    update tweet set like_count = like_count - 1, version = version + 1 where id = old.tweet_id;
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger tweet_like_count after insert or delete on "tweet_like" for each row execute function tweet_like_count();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists tweet_like_count on "tweet_like";`);
    this.addSql(`drop function if exists tweet_like_count();`);

    this.addSql(`alter table "tweet_like" drop constraint "tweet_like_tweet_id_foreign";`);

    this.addSql(`drop table if exists "tweet" cascade;`);

    this.addSql(`drop table if exists "tweet_like" cascade;`);

    this.addSql(`drop table if exists "task" cascade;`);
  }

}
