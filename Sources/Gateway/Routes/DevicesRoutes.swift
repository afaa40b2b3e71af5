import HTTPServer
import PBXCore

/// `/v1/tenants/{tenant}/devices` and `/numbers`.
struct DevicesRoutes {
    let environment: RouteEnvironment

    func register(on router: inout Router) {
        let env = environment
        router.wholeList("/v1/tenants/{tenant}/devices", .devicesList, env, parse: { _ in },
                         fetch: { adapter, _, context in try await adapter.devices(context: context) },
                         write: { $0.device($1, raw: $2) })
        router.wholeList("/v1/tenants/{tenant}/numbers", .numbersList, env, parse: { _ in },
                         fetch: { adapter, _, context in try await adapter.numbers(context: context) },
                         write: { $0.phoneNumber($1, raw: $2) })
    }
}
