import HTTPServer
import Testing
@testable import Gateway

/// `ImmediateGate`: the middleware chain's immediate attempt runs only where a fresh cache
/// hit can exist, and what was decided before the chain reaches the ordinary path.
@Suite struct ImmediateGateTests {
    /// `acme` keeps users for 0 s; `beta` for the default 60 s.
    static func gateway() throws -> InProcessGateway {
        var uncachedUsers = CacheTTLs()
        uncachedUsers.users = 0
        return try InProcessGateway(cacheTTL: ["acme": uncachedUsers])
    }

    static func request(_ target: String, method: HTTPMethod = .GET) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(InProcessGateway.fullKey)")
        return HTTPRequest(method: method, target: target, headers: headers, body: method == .GET ? [] : Array("{}".utf8))
    }

    /// The immediate attempt as the server makes it, with a hand-over; the context goes on to
    /// the ordinary path when the attempt does not answer.
    static func attempt(_ gw: InProcessGateway, _ request: HTTPRequest) -> (response: HTTPResponse?, context: RequestContext) {
        var context = RequestContext(requestID: "req-1")
        context.handOver = HandOver()
        return (gw.application.responder.respondImmediately(to: request, context: context), context)
    }

    @Test func aRouteTheTenantNeverCachesGoesTheOrdinaryWayWithoutRunningTheChain() async throws {
        let gw = try Self.gateway()
        let request = Self.request("/v1/tenants/acme/users")
        for _ in 0..<2 {
            let (response, context) = Self.attempt(gw, request)
            #expect(response == nil)
            // The route was matched for the ordinary path, but no middleware ran: the key
            // check would have left the key behind.
            #expect(context.handOver?.match != nil)
            #expect(context.handOver?[AuthenticatedKey.self] == nil)
            let answered = try await gw.application.responder.respond(to: request, context: context)
            #expect(answered.status == .ok)
            #expect(answered.headers["X-Cache"] == "miss")
        }
    }

    @Test func aCachedRouteRunsTheChainAndHandsItsChecksOverOnAMiss() async throws {
        let gw = try Self.gateway()
        let request = Self.request("/v1/tenants/beta/users")
        let (missed, context) = Self.attempt(gw, request)
        #expect(missed == nil)
        #expect(context.handOver?[AuthenticatedKey.self]?.name == "full")
        #expect(context.handOver?[ResolvedTenant.self]?.id == "beta")
        #expect(context.handOver?[CacheMissedImmediately.self] == true)
        let answered = try await gw.application.responder.respond(to: request, context: context)
        #expect(answered.status == .ok)
        #expect(answered.headers["X-Cache"] == "miss")
        // Now there is an entry: the next attempt answers it on the spot.
        let (hit, _) = Self.attempt(gw, request)
        #expect(hit?.status == .ok)
        #expect(hit?.headers["X-Cache"] == "hit")
        #expect(hit?.body == answered.body)
    }

    @Test func aTenantThatCachesLessSkipsTheChainOnlyWhereNothingCanBeCached() async throws {
        let gw = try Self.gateway()
        // A write: never answered immediately.
        let (written, writeContext) = Self.attempt(gw, Self.request("/v1/tenants/acme/phonebook", method: .POST))
        #expect(written == nil)
        #expect(writeContext.handOver?[AuthenticatedKey.self] == nil)
        // Queues, which acme still caches: the chain runs (and leaves its checks behind).
        let (queues, queuesContext) = Self.attempt(gw, Self.request("/v1/tenants/acme/queues"))
        #expect(queues == nil)
        #expect(queuesContext.handOver?[AuthenticatedKey.self]?.name == "full")
        // A bad key on an uncached route is refused on the ordinary path as before.
        var bad = Self.request("/v1/tenants/acme/users")
        bad.headers = HTTPHeaders()
        bad.headers.add("Authorization", "Bearer nope")
        let (response, context) = Self.attempt(gw, bad)
        #expect(response == nil)
        let refused = try await gw.application.responder.respond(to: bad, context: context)
        #expect(refused.status.code == 401)
    }
}
