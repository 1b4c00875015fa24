import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { PAGE_CSP, sendPageFile } from '../../edge/page-reply';
import { DOCS_PAGE, docsAsset, swaggerUiPath } from './docs-assets';
import type { DocsAsset } from './docs-assets';
import { OpenApiDocument } from './openapi-document';

// GET /openapi.json: the OpenAPI document; GET /docs: Swagger UI over it. Reads like any other:
// rate-limited, and closed with READS_OPEN=false. Not in the document itself (a page and its
// assets, like the dashboard's).
@ApiExcludeController()
@Controller()
export class DocsController {
  constructor(private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  async openApi(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-cache').send(this.document.text());
  }

  @Get('docs')
  async page(@Res() reply: FastifyReply): Promise<void> {
    await send(reply.header('content-security-policy', PAGE_CSP), DOCS_PAGE);
  }

  @Get('docs/:file')
  async asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const asset = docsAsset(file);
    if (asset === undefined) {
      throw new NotFoundException(`no docs asset ${file}`);
    }
    await send(reply, asset);
  }
}

// As the dashboard's files are sent (the same CSP on the page), read from swagger-ui-dist
// when they are Swagger UI's own.
async function send(reply: FastifyReply, asset: DocsAsset): Promise<void> {
  await sendPageFile(reply, { body: asset.body ?? (await readFile(swaggerUiPath(asset.file ?? ''))), contentType: asset.contentType });
}
