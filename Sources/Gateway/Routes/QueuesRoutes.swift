import HTTPServer
import PBXCore

/// `/v1/tenants/{tenant}/queues…`: queues, their agents, pause and unpause.
struct QueuesRoutes {
    let environment: RouteEnvironment
    static let base = "/v1/tenants/{tenant}/queues"

    func register(on router: inout Router) {
        let env = environment
        router.wholeList(Self.base, .queuesList, env, parse: { _ in },
                         fetch: { adapter, _, context in try await adapter.queues(context: context) },
                         write: { $0.queue($1, raw: $2) })
        router.item(Self.base + "/{queueId}", .queuesGet, env,
                    parse: { try $0.parameter("queueId") },
                    fetch: { try await $0.queue(id: $1, context: $2) },
                    write: { $0.queue($1, raw: $2) })
        router.wholeList(Self.base + "/{queueId}/agents", .queuesAgents, env,
                         parse: { try $0.parameter("queueId") },
                         fetch: { try await $0.agents(queueID: $1, context: $2) },
                         write: { $0.agent($1, raw: $2) })
        router.action(.POST, Self.base + "/{queueId}/agents/{agentId}/pause", .queuesPause, env,
                      parse: { r in
                          (queue: try r.parameter("queueId"), agent: try r.parameter("agentId"),
                           reason: try JSONBody(r.request.body, allowed: ["reason"], allowEmpty: true).string("reason", maxLength: 128))
                      },
                      perform: { adapter, p, pbx in
                          try await adapter.pause(queueID: p.queue, agentID: p.agent, reason: p.reason, context: pbx)
                          return Responses.accepted()
                      })
        router.action(.POST, Self.base + "/{queueId}/agents/{agentId}/unpause", .queuesPause, env,
                      parse: { r in
                          _ = try JSONBody(r.request.body, allowed: [], allowEmpty: true)
                          return (queue: try r.parameter("queueId"), agent: try r.parameter("agentId"))
                      },
                      perform: { adapter, p, pbx in
                          try await adapter.unpause(queueID: p.queue, agentID: p.agent, context: pbx)
                          return Responses.accepted()
                      })
    }
}
