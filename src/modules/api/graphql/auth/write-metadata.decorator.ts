import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { requestMetadata } from '../../requests/request-metadata';
import type { GraphqlContext } from '../graphql-context';

// The event metadata of a mutation (actor, request id, Idempotency-Key), read as REST reads it.
export const WriteMetadata = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  requestMetadata(GqlExecutionContext.create(context).getContext<GraphqlContext>().req),
);
