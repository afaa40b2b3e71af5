import Testing
@testable import HTTPServer

/// `respondImmediately`: answers computed on the loop thread without a task must keep
/// every guarantee the ordinary path gives (order, HEAD, keep-alive, idle timeout).
@Suite struct ImmediateResponseTests {
    /// `/fast…` is answered immediately, everything else through `respond` after a pause;
    /// the immediate answer names its path so the order is visible.
    static let mixed = ClosureResponder(immediate: { request, _ in
        request.path.hasPrefix("/fast") ? .text("now " + request.target) : nil
    }, { request, _ in
        try await Task.sleep(for: .milliseconds(30))
        return .text("later " + request.target)
    })

    @Test func pipelinedImmediateAndOrdinaryAnswersKeepTheirOrder() async throws {
        try await withServer(responder: Self.mixed) { port in
            let c = try RawClient(port: port)
            try c.send("GET /fast/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                       + "GET /fast/3 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /fast/4 HTTP/1.1\r\nHost: x\r\n\r\n"
                       + "GET /fast/5 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.bodyText == "now /fast/1")
            #expect(try c.readResponse()?.bodyText == "later /slow/2")
            #expect(try c.readResponse()?.bodyText == "now /fast/3")
            let head = try #require(try c.readResponse(head: true))
            #expect(head.header("Content-Length") == String("now /fast/4".utf8.count))
            #expect(try c.readResponse()?.bodyText == "now /fast/5")
        }
    }

    @Test func manyImmediateAnswersInOneWriteAllArrive() async throws {
        try await withServer(responder: Self.mixed) { port in
            let c = try RawClient(port: port)
            let n = 200
            try c.send((0..<n).map { "GET /fast/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            for i in 0..<n { #expect(try c.readResponse()?.bodyText == "now /fast/\(i)") }
        }
    }

    @Test func anImmediateAnswerHonoursConnectionClose() async throws {
        try await withServer(responder: Self.mixed) { port in
            let c = try RawClient(port: port)
            try c.send("GET /fast/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /fast/b HTTP/1.1\r\nHost: x\r\n\r\n")
            let only = try #require(try c.readResponse())
            #expect(only.bodyText == "now /fast/a")
            #expect(only.header("Connection") == "close")
            #expect(try c.isClosedByServer())
        }
    }

    @Test func anIdleConnectionAfterAnImmediateAnswerTimesOut() async throws {
        try await withServer(configure: { $0.idleTimeout = .milliseconds(300) }, responder: Self.mixed) { port in
            let c = try RawClient(port: port)
            try c.send("GET /fast/a HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.bodyText == "now /fast/a")
            #expect(try c.isClosedByServer())
        }
    }

    @Test func theServerStampsRequestIDAndFramingOnImmediateAnswers() async throws {
        try await withServer(responder: Self.mixed) { port in
            let c = try RawClient(port: port)
            try c.send("GET /fast/a HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.header("X-Request-Id") == "abc-123")
            #expect(r.header("Date") != nil)
            #expect(r.header("Content-Length") == String("now /fast/a".utf8.count))
        }
    }
}
