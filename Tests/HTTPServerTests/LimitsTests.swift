import Testing
@testable import HTTPServer

/// RELIABILITY-MATRIX §1.3: each limit at its edge, over a real socket.
@Suite struct LimitsTests {
    static func exchange(_ bytes: [UInt8], port: Int) throws -> (RawClient.Response?, closed: Bool) {
        let c = try RawClient(port: port)
        try? c.send(bytes)  // the server may stop reading once the limit is crossed
        let r = try c.readResponse()
        // Only error responses close; a kept-alive connection would never report EOF.
        return (r, (r?.status ?? 400) >= 400 ? try c.isClosedByServer() : false)
    }

    @Test func requestLineAtTheLimitPassesAndOneOverIs414() async throws {
        try await withServer { port in
            // "GET " + target + " HTTP/1.1" is exactly 8191 / 8193 bytes.
            let fits = "GET /" + String(repeating: "a", count: 8191 - 14) + " HTTP/1.1"
            let over = "GET /" + String(repeating: "a", count: 8193 - 14) + " HTTP/1.1"
            #expect(fits.utf8.count == 8191 && over.utf8.count == 8193)
            let ok = try Self.exchange(Array((fits + "\r\nHost: x\r\n\r\n").utf8), port: port)
            #expect(ok.0?.status == 200)
            let bad = try Self.exchange(Array((over + "\r\nHost: x\r\n\r\n").utf8), port: port)
            #expect(bad.0?.status == 414)
            #expect(bad.closed)
        }
    }

    @Test func headerLineTotalAndCountLimitsAre431() async throws {
        try await withServer { port in
            let longLine = "X-Long: " + String(repeating: "v", count: 8193 - 8)
            let one = try Self.exchange(Array(("GET / HTTP/1.1\r\nHost: x\r\n" + longLine + "\r\n\r\n").utf8), port: port)
            #expect(one.0?.status == 431)
            #expect(one.closed)
            let field = "X-F: " + String(repeating: "v", count: 8000)
            let many = (0..<5).map { _ in field + "\r\n" }.joined()
            let total = try Self.exchange(Array(("GET / HTTP/1.1\r\nHost: x\r\n" + many + "\r\n").utf8), port: port)
            #expect(total.0?.status == 431)
            #expect(total.closed)
            let hundred = (0..<99).map { "X-\($0): v\r\n" }.joined()
            let atLimit = try Self.exchange(Array(("GET / HTTP/1.1\r\nHost: x\r\n" + hundred + "\r\n").utf8), port: port)
            #expect(atLimit.0?.status == 200)
            let overLimit = try Self.exchange(Array(("GET / HTTP/1.1\r\nHost: x\r\nX-extra: 1\r\n" + hundred + "\r\n").utf8), port: port)
            #expect(overLimit.0?.status == 431)
            #expect(overLimit.closed)
        }
    }

    @Test func bodyOverTheLimitIs413ForLengthAndChunked() async throws {
        try await withServer { port in
            let limit = 1024 * 1024
            let exact = try Self.exchange(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(limit)\r\n\r\n".utf8) + [UInt8](repeating: 65, count: limit), port: port)
            #expect(exact.0?.status == 200)
            #expect(exact.0?.body.count == limit)
            let over = try Self.exchange(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(limit + 1)\r\n\r\n".utf8) + [UInt8](repeating: 65, count: limit + 1), port: port)
            #expect(over.0?.status == 413)
            #expect(over.closed)
            var chunked = Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            for _ in 0..<17 { chunked += Array("10000\r\n".utf8) + [UInt8](repeating: 66, count: 65536) + Array("\r\n".utf8) }
            let stream = try Self.exchange(chunked, port: port)
            #expect(stream.0?.status == 413)
            #expect(stream.closed)
        }
    }

    @Test func postWithoutLengthHasAnEmptyBody() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            try c.send("POST / HTTP/1.1\r\nHost: x\r\n\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 200)
            #expect(r.header("X-Body-Length") == "0")
        }
    }

    @Test func slowHeadersGet408ThenClose() async throws {
        try await withServer(configure: { $0.headerReadTimeout = .milliseconds(300) }) { port in
            let c = try RawClient(port: port)
            let start = ContinuousClock.now
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n")
            let r = try #require(try c.readResponse())
            #expect(r.status == 408)
            #expect(r.header("Content-Type") == "application/problem+json")
            #expect(ContinuousClock.now - start >= .milliseconds(300))
            #expect(try c.isClosedByServer())
        }
    }

    @Test func slowBodyGets408ThenCloseAndIsNeverDispatched() async throws {
        try await withServer(configure: { $0.bodyReadTimeout = .milliseconds(300) }) { port in
            let c = try RawClient(port: port)
            try c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
            #expect(try c.readResponse()?.status == 408)
            #expect(try c.isClosedByServer())
            let chunked = try RawClient(port: port)
            try chunked.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            #expect(try chunked.readResponse()?.status == 408)
            #expect(try chunked.isClosedByServer())
        }
    }

    @Test func idleKeepAliveAndSilentConnectionsCloseQuietly() async throws {
        try await withServer(configure: {
            $0.idleTimeout = .milliseconds(300)
            $0.headerReadTimeout = .milliseconds(300)
        }) { port in
            let c = try RawClient(port: port)
            try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try c.readResponse()?.status == 200)
            let start = ContinuousClock.now
            #expect(try c.readToEnd().isEmpty)
            // The server's clock started when it sent the response, a moment before ours.
            #expect(ContinuousClock.now - start >= .milliseconds(250))
            let silent = try RawClient(port: port)
            #expect(try silent.readToEnd().isEmpty)
        }
    }

    @Test func connectionsOverTheCapAreClosedAndTheCapRecovers() async throws {
        try await withServer(configure: { $0.maxConnections = 2 }) { port in
            let a = try RawClient(port: port), b = try RawClient(port: port)
            for c in [a, b] {
                try c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try c.readResponse()?.status == 200)
            }
            let third = try RawClient(port: port)
            try? third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try third.readResponse() == nil)
            a.finishSending()
            #expect(try a.isClosedByServer())
            // The slot is free again once the server has seen the close; retry until then.
            var served = false
            for _ in 0..<100 where !served {
                let d = try RawClient(port: port)
                try? d.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                served = try d.readResponse()?.status == 200
            }
            #expect(served)
            try b.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try b.readResponse()?.status == 200)
        }
    }
}
