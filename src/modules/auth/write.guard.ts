import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../tokens';
import type { AppConfig } from '../../infra/config/env';
import { decideAccess, isForwarded } from './access';

// Guards every write route; the actor it establishes goes into each event's metadata.
@Injectable()
export class WriteGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest & { actor?: string }>();
    const decision = decideAccess(this.config, 'writer', req.headers.authorization, req.ip, isForwarded(req.headers));
    if (!decision.ok) {
      throw new HttpException(decision.message, decision.status);
    }
    req.actor = decision.actor;
    return true;
  }
}
