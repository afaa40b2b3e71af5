import Foundation
import Testing
@testable import Upstream

/// Each transport failure reaches the caller as the right `UpstreamError` kind, with method,
/// host and path but never the query.
@Suite struct CurlClientErrorTests {
    let client = CurlClient()

    func failure(_ request: UpstreamRequest) async -> UpstreamError? {
        await client.failureBothWays(request)
    }

    @Test(arguments: ["file:///etc/passwd", "gopher://127.0.0.1:70/x", "dict://127.0.0.1/d", "ftp://127.0.0.1/",
                      "not a url", "/relative/path", "http://"])
    func onlyHTTPAndHTTPSAreAllowed(url: String) async throws {
        let error = try #require(await failure(UpstreamRequest(url: url)))
        #expect(error.kind == .invalidURL)
    }

    @Test func refusedConnection() async throws {
        let (fd, port) = try RawTestServer.refusing()
        defer { close(fd) }
        let error = try #require(await failure(UpstreamRequest(method: "POST", url: "http://127.0.0.1:\(port)/rest/calls?apikey=CANARY-KEY")))
        #expect(error.kind == .connectionRefused)
        #expect(error.method == "POST")
        #expect(error.host == "127.0.0.1")
        #expect(error.path == "/rest/calls")
        #expect(!error.description.contains("CANARY-KEY"))
        #expect(!"\(error)".contains("apikey"))
    }

    /// `..` makes the C library reject the name locally, so no query leaves the machine.
    @Test func unresolvableHost() async throws {
        let error = try #require(await failure(UpstreamRequest(url: "http://no-such-host..invalid/x?token=CANARY")))
        #expect(error.kind == .couldNotResolve)
        #expect(!error.description.contains("CANARY"))
    }

    @Test func totalTimeoutWhenTheServerNeverAnswers() async throws {
        let server = try RawTestServer { _ in .silence }
        defer { server.stop() }
        let start = ContinuousClock.now
        let error = try #require(await failure(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/slow",
                                                                timeout: .milliseconds(300))))
        #expect(error.kind == .timeout)
        // Far below "never": a full parallel run on 2 loaded cores delays the test task itself.
        #expect(ContinuousClock.now - start < .seconds(30), "bounded by the 300 ms timeout")
    }

    @Test func credentialsNeverAppearInErrors() async throws {
        let server = try RawTestServer { _ in .silence }
        defer { server.stop() }
        let error = try #require(await failure(UpstreamRequest(
            url: "http://127.0.0.1:\(server.port)/proxyapi.php?reqtype=INFO&key=CANARY-QUERY",
            headers: [("app-key", "CANARY-HEADER")], basicAuth: ("user", "CANARY-PASSWORD"),
            timeout: .milliseconds(200))))
        let text = "\(error) \(error.kindName) \(String(reflecting: error))"
        for canary in ["CANARY-QUERY", "CANARY-HEADER", "CANARY-PASSWORD", "reqtype"] {
            #expect(!text.contains(canary))
        }
    }

    @Test func headerInjectionIsRefusedBeforeSending() async throws {
        let hits = Counter()
        let server = try RawTestServer { _ in hits.increment(); return .respond(status: 200) }
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/"
        for request in [UpstreamRequest(url: url, headers: [("X-A", "v\r\nX-Injected: 1")]),
                        UpstreamRequest(url: url, headers: [("X A", "v")]),
                        UpstreamRequest(method: "GET / HTTP/1.1\r\nX:", url: url)] {
            let error = try #require(await failure(request))
            guard case .other = error.kind else {
                Issue.record("expected a refusal, got \(error.kind)")
                continue
            }
        }
        #expect(hits.value == 0)
    }
}

/// A loopback port with nothing listening: bound once to get a free number, then closed.
func closedPort() throws -> Int {
    let (fd, port) = try RawTestServer.listen(backlog: 1)
    close(fd)
    return port
}
