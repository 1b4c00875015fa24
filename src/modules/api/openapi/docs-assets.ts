import { dirname, join } from 'node:path';

// What /docs serves: Swagger UI's own files from swagger-ui-dist, named one by one (anything
// else under /docs/ is a 404, never a file read), plus the page and its initializer, which are
// ours so that no script or style is inline and the page's CSP can forbid both.

export interface DocsAsset {
  file?: string; // under swagger-ui-dist
  body?: string; // ours
  contentType: string;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>vmcs12 layout registry: REST API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// The document by URL (not inlined), no validator badge (it would load an image from
// swagger.io), no "try it out" by default: writes change the registry.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

const JS = 'text/javascript; charset=utf-8';

export const DOCS_PAGE: DocsAsset = { body: PAGE, contentType: 'text/html; charset=utf-8' };

const ASSETS: ReadonlyMap<string, DocsAsset> = new Map([
  ['init.js', { body: INIT, contentType: JS }],
  ['swagger-ui-bundle.js', { file: 'swagger-ui-bundle.js', contentType: JS }],
  ['swagger-ui.css', { file: 'swagger-ui.css', contentType: 'text/css; charset=utf-8' }],
  ['favicon-32x32.png', { file: 'favicon-32x32.png', contentType: 'image/png' }],
  ['favicon-16x16.png', { file: 'favicon-16x16.png', contentType: 'image/png' }],
]);

export function docsAsset(name: string): DocsAsset | undefined {
  return ASSETS.get(name);
}

export function swaggerUiPath(file: string): string {
  return join(dirname(require.resolve('swagger-ui-dist/package.json')), file);
}
