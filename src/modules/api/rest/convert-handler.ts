import type { FastifyReply, FastifyRequest } from 'fastify';
import { flagParam, textParam } from '../../../core/input/params';
import type { ConversionService } from '../../compat/conversion.service';
import { parseContainer } from '../requests/blob-input';
import { conversionJson } from '../requests/conversion-view';
import { decodeBlobBody } from './blob-body';
import { rawConversionReply } from './conversion-reply';

// POST /convert/:from/:to, read off the request and answered on the reply. Both routes of that
// path call it: the Nest controller's (JSON bodies; the documented operation) and the raw one
// (raw-convert-route.ts). `?strict`, `?container`, the content type and the body are read here;
// a thrown error is the caller's to answer.
export async function answerConversion(conversion: ConversionService, from: string, to: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = request.query as Record<string, unknown>;
  const strict = flagParam(query['strict'], 'strict') ?? false;
  const nestedState = parseContainer(textParam(query['container'], 'container'));
  const { bytes, json } = decodeBlobBody(request.headers['content-type'], request.body);
  const result = await conversion.convert({ from, to, blob: bytes, strict, nestedState });
  if (json) {
    void reply.type('application/json; charset=utf-8').send(conversionJson(result));
  } else {
    void reply.send(rawConversionReply(reply, result));
  }
}
