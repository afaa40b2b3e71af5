import HTTPServer
import PBXCore

/// `/v1/tenants/{tenant}/users…`. Presence is the `presence` field of User.
struct UsersRoutes {
    let environment: RouteEnvironment
    static let base = "/v1/tenants/{tenant}/users"

    func register(on router: inout Router) {
        let env = environment
        router.list(Self.base, .usersList, env, filters: ["q"],
                    parse: { try $0.query.string("q", maxLength: 128) },
                    fetch: { try await $0.listUsers(query: $1, page: $2, context: $3) },
                    write: { $0.user($1, raw: $2) })
        router.item(Self.base + "/{userId}", .usersGet, env,
                    parse: { try $0.parameter("userId") },
                    fetch: { try await $0.user(id: $1, context: $2) },
                    write: { $0.user($1, raw: $2) })
    }
}
