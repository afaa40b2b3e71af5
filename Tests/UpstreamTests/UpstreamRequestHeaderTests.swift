import HTTPServer
import Testing
@testable import Upstream

/// The header lines the client adds or suppresses, as a server receives them.
@Suite(.timeLimit(.minutes(1))) struct UpstreamRequestHeaderTests {
    /// "name: value" lines of what arrived, names lower-cased, in order.
    static let echo: UpstreamTestServer.Handler = { request in
        .text(request.headers.fields.map { "\($0.name.lowercased()): \($0.value)" }.joined(separator: "\n"))
    }

    static func received(_ server: UpstreamTestServer, _ request: UpstreamRequest) async throws -> [String] {
        let response = try await CurlClient().send(request)
        return String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func aBodyWithoutHeadersGetsNoExpectNoInventedTypeAndTheDefaultAgent() async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            // Over 1 KiB: libcurl would otherwise ask for 100-continue, and label a POST body
            // as a form.
            let body = Array("{\"note\":\"\(String(repeating: "x", count: 2048))\"}".utf8)
            let lines = try await Self.received(server, UpstreamRequest(method: "POST", url: server.baseURL + "/x", body: body))
            #expect(!lines.contains { $0.hasPrefix("expect:") })
            #expect(!lines.contains { $0.hasPrefix("content-type:") })
            #expect(lines.filter { $0.hasPrefix("user-agent:") } == ["user-agent: \(CurlClientConfiguration().userAgent)"])
        }
    }

    @Test func theCallersOwnHeadersWinWhateverTheirCase() async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            let lines = try await Self.received(server, UpstreamRequest(
                method: "POST", url: server.baseURL + "/x",
                headers: [("CONTENT-type", "application/json"), ("User-AGENT", "crm-sync/2"), ("X-Empty", "")],
                body: Array("{}".utf8)))
            #expect(lines.filter { $0.hasPrefix("content-type:") } == ["content-type: application/json"])
            #expect(lines.filter { $0.hasPrefix("user-agent:") } == ["user-agent: crm-sync/2"])
            // An empty value is sent as an empty header, not dropped.
            #expect(lines.contains("x-empty: "))
        }
    }
}
