// DI tokens shared by modules; kept apart from app.module to avoid import cycles.
export const APP_CONFIG = Symbol('APP_CONFIG');

export const SSE_LIMITS = Symbol('SSE_LIMITS');

// The rate limiter's per-client buckets (limits/token-buckets.ts): the request gate takes one
// token per request, GraphQL more for a new large document (api/graphql/limits/document-work.ts).
export const CLIENT_BUCKETS = Symbol('CLIENT_BUCKETS');
