// DI tokens shared by modules; kept apart from app.module to avoid import cycles.
export const APP_CONFIG = Symbol('APP_CONFIG');

export const SSE_LIMITS = Symbol('SSE_LIMITS');
