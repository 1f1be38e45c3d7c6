export { toWebRequest, writeWebResponse } from "./conversions.js";
export {
  type ExpressMiddleware,
  type ExpressRequest,
  expressHandler,
  expressProtect,
  expressTokenHandler,
} from "./express.js";
export {
  type FastifyHandler,
  type FastifyPlugin,
  type FastifyReplyLike,
  type FastifyRequestLike,
  type FastifyScope,
  fastifyHandler,
  fastifyProtect,
  fastifyTokenHandler,
} from "./fastify.js";
export type { VerifiedAccessToken } from "./flow-middleware.js";
export { type KoaContextLike, type KoaMiddleware, koaHandler, koaProtect, koaTokenHandler } from "./koa.js";
export { type NodeListener, nodeTokenListener, toNodeListener } from "./node-listener.js";
export { BodyTooLargeError } from "./request-body.js";
export { BadRequestError } from "./request-url.js";
export type { FetchHandler, FlowMiddlewareOptions, NodeAdapterOptions, ProtectOptions } from "./settings.js";
