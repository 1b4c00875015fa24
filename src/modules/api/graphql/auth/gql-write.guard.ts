import { Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AppConfig } from '../../../../infra/config/env';
import { decideAccess, isForwarded } from '../../../auth/access';
import { APP_CONFIG } from '../../../tokens';
import { AccessDeniedError } from '../errors/access-denied.error';
import type { GraphqlContext } from '../graphql-context';

// Mutations obey REST's write rules: a WRITE_TOKENS bearer token, or a loopback client when
// none are configured. The actor it establishes goes into each event's metadata.
@Injectable()
export class GqlWriteGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { req } = GqlExecutionContext.create(context).getContext<GraphqlContext>();
    const decision = decideAccess(this.config, 'writer', req.headers.authorization, req.ip, isForwarded(req.headers));
    if (!decision.ok) {
      throw new AccessDeniedError(decision.status, decision.message);
    }
    req.actor = decision.actor;
    return true;
  }
}
