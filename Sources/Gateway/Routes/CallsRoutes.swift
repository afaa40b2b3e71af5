import Foundation
import HTTPServer
import PBXCore

/// `/v1/tenants/{tenant}/calls…`: history, live calls, click-to-dial, hangup, transfer.
struct CallsRoutes {
    let environment: RouteEnvironment
    static let base = "/v1/tenants/{tenant}/calls"

    func register(on router: inout Router) {
        let env = environment
        router.list(Self.base, .callsList, env, filters: ["since", "until", "direction", "number", "user"],
                    parse: { r in try CallWindow.query(r.query, tenant: r.tenant, now: env.clock.now()) },
                    fetch: { try await $0.listCalls($1, page: $2, context: $3) },
                    write: { $0.call($1, raw: $2) })
        router.wholeList(Self.base + "/active", .callsActive, env, parse: { _ in },
                         fetch: { adapter, _, context in try await adapter.activeCalls(context: context) },
                         write: { $0.activeCall($1, raw: $2) })
        router.item(Self.base + "/{callId}", .callsGet, env,
                    parse: { try $0.parameter("callId") },
                    fetch: { try await $0.call(id: $1, context: $2) },
                    write: { $0.call($1, raw: $2) })
        router.action(.POST, Self.base, .callsOriginate, env,
                      parse: { r in
                          let body = try JSONBody(r.request.body, allowed: ["from", "to", "device"])
                          return OriginateRequest(from: try body.required("from", maxLength: 128),
                                                  to: try JSONBody.phoneNumber(try body.required("to", maxLength: 64), field: "to"),
                                                  device: try body.string("device", maxLength: 128))
                      },
                      perform: { adapter, originate, pbx in
                          let result = try await adapter.originate(originate, context: pbx)
                          return .json(JSONWriter.object { w in
                              w.beginObject()
                              w.key("status"); w.string("queued")
                              w.key("callId"); w.string(result.callId)
                              w.endObject()
                          }, status: .accepted)
                      })
        router.action(.POST, Self.base + "/active/{activeCallId}/hangup", .callsHangup, env,
                      parse: { r in
                          _ = try JSONBody(r.request.body, allowed: [], allowEmpty: true)
                          return try r.parameter("activeCallId")
                      },
                      perform: { adapter, id, pbx in
                          try await adapter.hangup(activeCallID: id, context: pbx)
                          return Responses.accepted()
                      })
        router.action(.POST, Self.base + "/active/{activeCallId}/transfer", .callsTransfer, env,
                      parse: { r in
                          let body = try JSONBody(r.request.body, allowed: ["to"])
                          return (id: try r.parameter("activeCallId"),
                                  to: try JSONBody.phoneNumber(try body.required("to", maxLength: 64), field: "to"))
                      },
                      perform: { adapter, p, pbx in
                          try await adapter.transfer(activeCallID: p.id, to: p.to, context: pbx)
                          return Responses.accepted()
                      })
    }
}
