import Foundation
import HTTPServer
import Testing
@testable import Upstream

/// Requests and responses through the real client against our HTTPServer on loopback.
@Suite(.timeLimit(.minutes(1))) struct CurlClientRequestTests {
    let client = CurlClient()

    /// Answers every request with a JSON description of what it received.
    static let echo: UpstreamTestServer.Handler = { request in
        let echo: [String: String] = [
            "method": request.method.rawValue,
            "target": request.target,
            "authorization": request.headers["Authorization"] ?? "",
            "x-tenant": request.headers["X-Tenant"] ?? "",
            "content-type": request.headers["Content-Type"] ?? "",
            "content-length": request.headers["Content-Length"] ?? "",
            "body": String(decoding: request.body, as: UTF8.self),
        ]
        return .json(Array(try! JSONEncoder().encode(echo)))
    }

    static func decode(_ response: UpstreamResponse) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(response.body))
    }

    @Test func getReturnsStatusHeadersAndJSON() async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            let response = try await client.send(UpstreamRequest(url: "\(server.baseURL)/api/v1/users?limit=5",
                                                                  headers: [("X-Tenant", "acme")]))
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            let echo = try Self.decode(response)
            #expect(echo["method"] == "GET")
            #expect(echo["target"] == "/api/v1/users?limit=5")
            #expect(echo["x-tenant"] == "acme")
            #expect(echo["body"] == "")
        }
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func methodsCarryTheirBody(method: String) async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            let payload = #"{"number":"+4930123456","method":"\#(method)"}"#
            let response = try await client.send(UpstreamRequest(
                method: method, url: "\(server.baseURL)/calls",
                headers: [("Content-Type", "application/json")], body: Array(payload.utf8)))
            let echo = try Self.decode(response)
            #expect(echo["method"] == method)
            #expect(echo["body"] == payload)
            #expect(echo["content-length"] == String(payload.utf8.count))
            #expect(echo["content-type"] == "application/json")
        }
    }

    @Test func bodilessPostStillSendsALength() async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            let echo = try Self.decode(try await client.send(UpstreamRequest(method: "POST", url: "\(server.baseURL)/x")))
            #expect(echo["method"] == "POST")
            #expect(echo["content-length"] == "0")
            #expect(echo["content-type"] == "", "libcurl's invented form content type must not be sent")
        }
    }

    @Test func basicAuthIsSentAsAnAuthorizationHeader() async throws {
        try await UpstreamTestServer.with(Self.echo) { server in
            let response = try await client.send(UpstreamRequest(url: "\(server.baseURL)/", basicAuth: ("api-user", "s3cr:et")))
            let expected = "Basic " + Data("api-user:s3cr:et".utf8).base64EncodedString()
            #expect(try Self.decode(response)["authorization"] == expected)
        }
    }

    @Test func anErrorStatusIsAResponseNotAnError() async throws {
        try await UpstreamTestServer.with({ _ in
            HTTPResponse(status: .serviceUnavailable, headers: ["Retry-After": "7"], body: Array("busy".utf8))
        }) { server in
            let response = try await client.send(UpstreamRequest(url: "\(server.baseURL)/"))
            #expect(response.status == 503)
            #expect(response.header("Retry-After") == "7")
            #expect(response.body == Array("busy".utf8))
        }
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let hits = Counter()
        try await UpstreamTestServer.with({ _ in hits.increment(); return .text("internal") }) { inner in
            try await UpstreamTestServer.with({ _ in
                HTTPResponse(status: HTTPStatus(302), headers: ["Location": "\(inner.baseURL)/internal"])
            }) { redirecting in
                let response = try await client.send(UpstreamRequest(url: "\(redirecting.baseURL)/"))
                #expect(response.status == 302)
                #expect(response.header("Location") == "\(inner.baseURL)/internal")
                #expect(hits.value == 0)
            }
        }
    }
}
