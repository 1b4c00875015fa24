import { resolveAsset } from './asset-path';

describe('resolveAsset', () => {
  const root = '/srv/app/dist/dashboard';

  it.each([
    ['index.html', '/srv/app/dist/dashboard/index.html', 'text/html; charset=utf-8'],
    ['js/heatmap/heatmap-view.js', '/srv/app/dist/dashboard/js/heatmap/heatmap-view.js', 'text/javascript; charset=utf-8'],
    ['styles/base.css', '/srv/app/dist/dashboard/styles/base.css', 'text/css; charset=utf-8'],
    ['favicon.svg', '/srv/app/dist/dashboard/favicon.svg', 'image/svg+xml'],
  ])('serves %s from the assets folder with its type', (requested, path, contentType) => {
    expect(resolveAsset(root, requested)).toEqual({ path, contentType });
  });

  it.each([
    ['../package.json'],
    ['js/../../../src/main.ts'],
    ['/etc/passwd.css'],
    ['js\\..\\..\\secret.js'],
    ['styles/base.css\0.png'],
    [''],
  ])('refuses %j, which escapes the folder or is malformed', (requested) => {
    expect(resolveAsset(root, requested)).toBeUndefined();
  });

  it('refuses file types it does not serve', () => {
    expect(resolveAsset(root, 'js/main.ts')).toBeUndefined();
    expect(resolveAsset(root, 'tsconfig.json')).toBeUndefined();
  });
});
