import Foundation
import Testing
@testable import Upstream

/// Requests and responses through the real client against real loopback servers.
@Suite struct CurlClientRequestTests {
    let client = CurlClient()

    /// A server that answers every request with a JSON description of what it received.
    static func echoServer() throws -> RawTestServer {
        try RawTestServer { request in
            let echo: [String: String] = [
                "method": request.method,
                "target": request.target,
                "authorization": request.header("Authorization") ?? "",
                "x-tenant": request.header("X-Tenant") ?? "",
                "content-type": request.header("Content-Type") ?? "",
                "content-length": request.header("Content-Length") ?? "",
                "body": String(decoding: request.body, as: UTF8.self),
            ]
            let body = try! JSONEncoder().encode(echo)
            return .respond(status: 200, headers: [("Content-Type", "application/json")], body: Array(body))
        }
    }

    static func decode(_ response: UpstreamResponse) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(response.body))
    }

    @Test func getReturnsStatusHeadersAndJSON() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let response = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/api/v1/users?limit=5",
                                                              headers: [("X-Tenant", "acme")]))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        let echo = try Self.decode(response)
        #expect(echo["method"] == "GET")
        #expect(echo["target"] == "/api/v1/users?limit=5")
        #expect(echo["x-tenant"] == "acme")
        #expect(echo["body"] == "")
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func methodsCarryTheirBody(method: String) async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let payload = #"{"number":"+4930123456","method":"\#(method)"}"#
        let response = try await client.send(UpstreamRequest(
            method: method, url: "http://127.0.0.1:\(server.port)/calls",
            headers: [("Content-Type", "application/json")], body: Array(payload.utf8)))
        let echo = try Self.decode(response)
        #expect(echo["method"] == method)
        #expect(echo["body"] == payload)
        #expect(echo["content-length"] == String(payload.utf8.count))
        #expect(echo["content-type"] == "application/json")
    }

    @Test func bodilessPostStillSendsALength() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let echo = try Self.decode(try await client.send(UpstreamRequest(method: "POST", url: "http://127.0.0.1:\(server.port)/x")))
        #expect(echo["method"] == "POST")
        #expect(echo["content-length"] == "0")
        #expect(echo["content-type"] == "", "libcurl's invented form content type must not be sent")
    }

    @Test func basicAuthIsSentAsAnAuthorizationHeader() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let response = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/",
                                                              basicAuth: ("api-user", "s3cr:et")))
        let expected = "Basic " + Data("api-user:s3cr:et".utf8).base64EncodedString()
        #expect(try Self.decode(response)["authorization"] == expected)
    }

    @Test func anErrorStatusIsAResponseNotAnError() async throws {
        let server = try RawTestServer { _ in
            .respond(status: 503, headers: [("Retry-After", "7")], body: Array("busy".utf8))
        }
        defer { server.stop() }
        let response = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/"))
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "7")
        #expect(response.body == Array("busy".utf8))
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let hits = Counter()
        let inner = try RawTestServer { _ in hits.increment(); return .respond(status: 200) }
        defer { inner.stop() }
        let redirecting = try RawTestServer { _ in
            .respond(status: 302, headers: [("Location", "http://127.0.0.1:\(inner.port)/internal")])
        }
        defer { redirecting.stop() }
        let response = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(redirecting.port)/"))
        #expect(response.status == 302)
        #expect(response.header("Location") == "http://127.0.0.1:\(inner.port)/internal")
        #expect(hits.value == 0)
    }
}
