import type { FastifyReply } from 'fastify';
import type { Written } from '../../registry/registry-writes.service';

// A write's answer: 201 when it added to the log, 200 when the log already held it.
export function writtenReply<T>(reply: FastifyReply, written: Written<T>): T {
  void reply.status(written.created ? 201 : 200);
  return written.view;
}
