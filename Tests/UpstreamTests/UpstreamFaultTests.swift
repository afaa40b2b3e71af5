import Foundation
import HTTPServer
import Testing
@testable import Upstream

/// Servers that misbehave the way slow or broken PBXs do, and what the caller sees.
@Suite(.timeLimit(.minutes(1))) struct CurlClientFaultTests {
    let client = CurlClient()

    func failure(_ request: UpstreamRequest) async -> UpstreamError? {
        await client.failureBothWays(request)
    }

    /// The error a request to an HTTPServer answering `reply` ends in.
    func failure(_ reply: HTTPResponse, maxResponseBytes: Int = 16 << 20) async throws -> UpstreamError? {
        try await UpstreamTestServer.with({ _ in reply }) { server in
            await failure(UpstreamRequest(url: "\(server.baseURL)/f", timeout: .seconds(20), maxResponseBytes: maxResponseBytes))
        }
    }

    /// The same against the raw-socket server, for what HTTPServer will not do.
    func failure(_ reply: RawTestServer.Reply, maxResponseBytes: Int = 16 << 20) async throws -> UpstreamError? {
        let server = try RawTestServer { _ in reply }
        defer { server.stop() }
        return await failure(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/f", timeout: .seconds(20),
                                             maxResponseBytes: maxResponseBytes))
    }

    static func delivering(_ delivery: HTTPResponse.Delivery, body: [UInt8] = Array(repeating: 0x61, count: 1000)) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, body: body)
        response.delivery = delivery
        return response
    }

    @Test func garbageInsteadOfHTTPIsMalformed() async throws {
        let error = try #require(try await failure(Self.delivering(.raw(Array("SSH-2.0-OpenSSH_9.2\r\ngarbage\r\n\r\n".utf8)))))
        #expect(error.kind == .malformedResponse)
    }

    @Test func aBrokenStatusLineIsMalformed() async throws {
        let error = try #require(try await failure(Self.delivering(.raw(Array("HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n".utf8)))))
        #expect(error.kind == .malformedResponse)
    }

    @Test func closeMidBody() async throws {
        let error = try #require(try await failure(Self.delivering(.closeAfter(bytes: 500))))
        #expect(error.kind == .connectionClosed)
    }

    @Test func closeWithoutAnyResponse() async throws {
        let error = try #require(try await failure(Self.delivering(.drop)))
        #expect(error.kind == .connectionClosed)
    }

    @Test func announcedBodyOverTheCapIsRefused() async throws {
        let body = [UInt8](repeating: 0x61, count: 200_000)
        let error = try #require(try await failure(HTTPResponse(status: .ok, body: body), maxResponseBytes: 100_000))
        #expect(error.kind == .responseTooLarge(limit: 100_000))
    }

    /// No Content-Length: the body runs until close, so only the byte count can stop it.
    @Test func unannouncedBodyOverTheCapIsRefused() async throws {
        let head = Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".utf8)
        let error = try #require(try await failure(.raw(head + [UInt8](repeating: 0x61, count: 300_000)),
                                                   maxResponseBytes: 100_000))
        #expect(error.kind == .responseTooLarge(limit: 100_000))
    }

    @Test func aBodyExactlyAtTheCapIsAccepted() async throws {
        let response = try await UpstreamTestServer.with({ _ in HTTPResponse(status: .ok, body: Array(repeating: 1, count: 4096)) }) { server in
            try await client.send(UpstreamRequest(url: server.baseURL + "/", maxResponseBytes: 4096))
        }
        #expect(response.body.count == 4096)
    }

    @Test func oversizedResponseHeadersAreRefused() async throws {
        let headers = HTTPHeaders((0..<200).map { ("X-Filler-\($0)", String(repeating: "v", count: 500)) })
        let limit = CurlClientConfiguration().maxResponseHeaderBytes
        let error = try #require(try await failure(HTTPResponse(status: .ok, headers: headers)))
        #expect(error.kind == .responseTooLarge(limit: limit))
    }

    @Test func trickledBodyRunsIntoTheTotalTimeout() async throws {
        let reply = Self.delivering(.trickle(chunk: 1, interval: .milliseconds(100)), body: Array(repeating: 0x61, count: 100))
        let error = try await UpstreamTestServer.with({ _ in reply }) { server in
            await failure(UpstreamRequest(url: server.baseURL + "/", timeout: .milliseconds(500)))
        }
        #expect(error?.kind == .timeout)
    }

    @Test func connectTimeoutAgainstAFullAcceptQueue() async throws {
        let hole = try await offPool { try Blackhole() }
        let start = ContinuousClock.now
        let error = try #require(await failure(UpstreamRequest(url: "http://127.0.0.1:\(hole.port)/x",
                                                                connectTimeout: .milliseconds(400), timeout: .seconds(20))))
        let elapsed = ContinuousClock.now - start
        #expect(error.kind == .connectTimeout)
        #expect(elapsed >= .milliseconds(350))
        #expect(elapsed < .seconds(30))
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = try RawTestServer { _ in .silence }
        defer { server.stop() }
        let client = self.client
        let task = Task { () throws(UpstreamError) -> UpstreamResponse in
            try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/hang", timeout: .seconds(60)))
        }
        await server.waitFor(.request(target: "/hang"))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - start < .seconds(30))
        guard case .failure(let error) = result else {
            Issue.record("a cancelled transfer returned a response")
            return
        }
        #expect((error as? UpstreamError)?.kind == .cancelled)
        // The connection is really gone, not left hanging in the pool.
        await server.waitFor(.closed)
    }

    @Test func anAlreadyCancelledTaskSendsNothing() async throws {
        let server = try RawTestServer { _ in .respond(status: 200) }
        defer { server.stop() }
        let client = self.client
        let task = Task { () throws(UpstreamError) -> UpstreamResponse in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/"))
        }
        guard case .failure(let error) = await task.result else {
            Issue.record("a cancelled task sent its request")
            return
        }
        #expect((error as? UpstreamError)?.kind == .cancelled)
        #expect(server.acceptedConnections == 0)
    }
}
