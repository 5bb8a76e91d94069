export { registerLiveRoutes } from './live.routes.ts';
export { LiveConnection } from './live-connection.ts';
export { type LiveAgentCommandHandler, LiveHub, type LiveTopicSource, type LiveUpdateFor } from './live-hub.ts';
export { type LiveTopicDeps, startLiveTopics } from './live-topics.ts';
