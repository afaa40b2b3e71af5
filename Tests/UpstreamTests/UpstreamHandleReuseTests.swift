import HTTPServer
import Testing
@testable import Upstream

/// Easy handles and connections kept between transfers: a reused handle carries nothing of
/// the request before it, and a pooled connection the vendor has closed in the meantime is
/// noticed and replaced, on the curl thread and on an event loop alike.
@Suite(.timeLimit(.minutes(1))) struct UpstreamHandleReuseTests {
    /// What the server saw: the method, the header lines (names lower-cased) and the body.
    static let echo: UpstreamTestServer.Handler = { request in
        let lines = ["method: \(request.method.rawValue)", "body: \(String(decoding: request.body, as: UTF8.self))"]
            + request.headers.fields.map { "\($0.name.lowercased()): \($0.value)" }
        return .text(lines.joined(separator: "\n"))
    }

    static func seen(_ client: CurlClient, _ request: UpstreamRequest) async throws -> [String] {
        let response = try await client.send(request)
        return String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Every kind of request that changes a handle beyond the per-transfer options, each
    /// followed by a plain GET on the same client (so on the same, recycled handle): the GET
    /// must arrive as if it were the client's first request.
    static func writesThenPlainGets(_ client: CurlClient, _ base: String) async throws -> [[String]] {
        let plain = UpstreamRequest(url: base + "/plain", headers: [("X-Call", "plain")])
        let others = [
            UpstreamRequest(method: "POST", url: base + "/a", headers: [("X-Call", "post")], body: Array("{\"a\":1}".utf8),
                            basicAuth: (username: "user", password: "secret")),
            UpstreamRequest(method: "DELETE", url: base + "/b"),
            UpstreamRequest(method: "PUT", url: base + "/c", headers: [("Content-Type", "text/plain")], body: Array("put".utf8)),
            UpstreamRequest(method: "HEAD", url: base + "/d"),
        ]
        var plainsSeen: [[String]] = [try await seen(client, plain)]
        for other in others {
            _ = try await client.send(other)
            plainsSeen.append(try await seen(client, plain))
        }
        return plainsSeen
    }

    static func expectClean(_ plains: [[String]]) {
        let first = plains[0]
        #expect(first.contains("method: GET"))
        #expect(first.contains("body: "))
        #expect(first.contains("x-call: plain"))
        #expect(first.filter { $0.hasPrefix("user-agent:") } == ["user-agent: \(CurlClientConfiguration().userAgent)"])
        for name in ["authorization:", "content-type:", "content-length:", "expect:"] {
            #expect(!first.contains { $0.hasPrefix(name) }, "a plain GET sends no \(name)")
        }
        for (i, later) in plains.enumerated().dropFirst() {
            #expect(later == first, "plain GET after request \(i) differs: \(later)")
        }
    }

    @Test func aRecycledHandleCarriesNothingOfTheRequestBefore() async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            Self.expectClean(try await Self.writesThenPlainGets(CurlClient(), server.baseURL))
        }
    }

    @Test func aRecycledHandleOnAnEventLoopCarriesNothingOfTheRequestBefore() async throws {
        let client = CurlClient()
        try await UpstreamTestServer.with(Self.echo) { server in
            let base = server.baseURL
            let plains = try await LoopHost.run(client) { try? await Self.writesThenPlainGets(client, base) }
            Self.expectClean(try #require(plains))
            #expect(client.transfersOnLoops == 9)
        }
    }

    /// The vendor answers with keep-alive and then closes the connection: the pooled
    /// connection is dead by the next request, which must still be answered (on a new one).
    static func closedKeptAliveConnection(_ send: @escaping @Sendable (UpstreamRequest) async throws -> UpstreamResponse) async throws {
        let answer = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok".utf8)
        let server = try RawTestServer { _ in .raw(answer) }  // writes the answer, then closes
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/"
        let first = try await send(UpstreamRequest(url: url))
        #expect(first.status == 200 && first.body == Array("ok".utf8))
        await server.waitFor(.closed)
        let second = try await send(UpstreamRequest(url: url))
        #expect(second.status == 200 && second.body == Array("ok".utf8))
        #expect(server.acceptedConnections == 2)
    }

    @Test func aConnectionTheVendorClosedIsReplaced() async throws {
        let client = CurlClient()
        try await Self.closedKeptAliveConnection { try await client.send($0) }
    }

    @Test func aConnectionTheVendorClosedIsReplacedOnAnEventLoop() async throws {
        let client = CurlClient()
        let outcome = try await LoopHost.run(client) { () -> String? in
            do {
                try await Self.closedKeptAliveConnection { try await client.send($0) }
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(outcome == nil)
        #expect(client.transfersOnLoops == 2)
    }
}
