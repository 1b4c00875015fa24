import type { FastifyReply, FastifyRequest } from 'fastify';
import { flagParam, textParam } from '../../../core/input/params';
import type { Conversion, ConversionService, ConvertRequest } from '../../compat/conversion.service';
import { parseContainer } from '../requests/blob-input';
import { conversionJson } from '../requests/conversion-view';
import { decodeBlobBody } from './blob-body';
import { rawConversionReply } from './conversion-reply';

// POST /convert/:from/:to, read off the request and answered on the reply. Both routes of that
// path call it: the Nest controller's (JSON bodies; the documented operation) and the raw one
// (raw-convert-route.ts). `?strict`, `?container`, the content type and the body are read here.
// A named pair this instance holds is converted and answered synchronously, with no promise:
// undefined is returned then. Otherwise (auto, a name not in the cache) the returned promise
// settles once the reply is sent. An error, thrown or rejected, is the caller's to answer.
export function answerConversion(conversion: ConversionService, from: string, to: string, request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
  const { strict, nestedState } = convertOptions(request.query as Record<string, unknown>);
  const { bytes, json } = decodeBlobBody(request.headers['content-type'], request.body);
  const convert: ConvertRequest = { from, to, blob: bytes, strict, nestedState };
  const done = conversion.convertCached(convert);
  if (done !== undefined) {
    sendConversion(reply, done, json);
    return undefined;
  }
  return conversion.convert(convert).then((result) => sendConversion(reply, result, json));
}

// ?strict and ?container off a parsed query; throws (400) for a value given twice or not one of
// the documented ones. The raw conversion lane reads them with this too (raw-convert-lane.ts).
export function convertOptions(query: Record<string, unknown>): Pick<ConvertRequest, 'strict' | 'nestedState'> {
  return { strict: flagParam(query['strict'], 'strict') ?? false, nestedState: parseContainer(textParam(query['container'], 'container')) };
}

function sendConversion(reply: FastifyReply, result: Conversion, json: boolean): void {
  if (json) {
    void reply.type('application/json; charset=utf-8').send(conversionJson(result));
  } else {
    void reply.send(rawConversionReply(reply, result));
  }
}
