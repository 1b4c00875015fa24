import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { VIEW_SCHEMAS } from './view-schemas';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

// The contract's version (docs/API.md "Changes"), not the package's.
const CONTRACT_VERSION = '0.2';

const DESCRIPTION =
  'Historical KVM `struct vmcs12` layouts, compatibility reports, conversion plans, blob conversion and identification. ' +
  'The prose contract is docs/API.md; every error is `{"error": "<kind>", "message": "...", ...details}`. ' +
  'Writes need a writer token (`Authorization: Bearer ...`) unless WRITE_TOKENS is unset, when they are accepted from loopback only; ' +
  'with READS_OPEN=false every route but /health needs a reader token. GraphQL (POST /graphql) is described by schema.gql.';

// The OpenAPI 3.1 document of every REST route, from the controllers' decorators (the routes
// that serve pages and their assets, the dashboard and /docs, are excluded). Written to the
// committed openapi.json by its drift test (test/e2e/openapi.e2e-spec.ts).
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('vmcs12 layout registry')
    .setDescription(DESCRIPTION)
    .setVersion(CONTRACT_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'WRITE_TOKENS for writes; READ_TOKENS (or a writer token) when READS_OPEN=false' }, 'bearer')
    .build();
  config.components = { ...config.components, schemas: VIEW_SCHEMAS as NonNullable<OpenAPIObject['components']>['schemas'] };
  return SwaggerModule.createDocument(app, config);
}

// Two-space JSON with a final newline: the committed file's form, and what GET /openapi.json sends.
export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

// Built on first request from the application it describes (createApp attaches it once the
// routes exist), then kept: the routes do not change while the process runs.
@Injectable()
export class OpenApiDocument {
  private app: INestApplication | undefined;
  private json: string | undefined;

  attach(app: INestApplication): void {
    this.app = app;
  }

  text(): string {
    if (this.json === undefined) {
      if (this.app === undefined) {
        throw new ServiceUnavailableException('the OpenAPI document is built once the application has started');
      }
      this.json = serializeOpenApi(buildOpenApiDocument(this.app));
    }
    return this.json;
  }
}
