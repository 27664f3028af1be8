import { Migration } from '@mikro-orm/migrations';

export class Migration20261205002628_RefreshExchangeRetry extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "refresh_session" add column "exchange_id" varchar(1024) null, add column "successor_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refresh_session" drop column "exchange_id", drop column "successor_id";`);
  }

}
