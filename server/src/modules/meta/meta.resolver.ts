import { Ctx, Field, Float, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/request-context.js';
import { Public } from '../../auth/access.js';

// Plain fields, no middleware: graphql-jit reads them inline instead of calling a wrapper per field.
@ObjectType({ simpleResolvers: true })
export class ApiInfo {
  @Field()
  version!: string;

  @Field()
  commit!: string;

  @Field(() => Date)
  buildTime!: Date;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Float)
  uptimeSeconds!: number;
}

@Resolver()
export class MetaResolver {
  @Public()
  @Query(() => ApiInfo)
  apiInfo(@Ctx() context: RequestContext): ApiInfo {
    const { build } = context.app.config;
    return {
      version: build.version,
      commit: build.commit,
      buildTime: build.buildTime,
      startedAt: build.startedAt,
      uptimeSeconds: Math.round((Date.now() - build.startedAt.getTime()) / 10) / 100,
    };
  }
}
