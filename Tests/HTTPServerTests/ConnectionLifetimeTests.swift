import Glibc
import Testing
@testable import HTTPServer

/// RELIABILITY-MATRIX §1.3: requests per connection, slow readers, partial writes.
@Suite struct ConnectionLifetimeTests {
    @Test func theThousandthResponseOnOneConnectionSaysCloseAndTheConnectionEnds() async throws {
        try await withServer { port in
            let c = try RawClient(port: port)
            // 1,001 requests, pipelined in batches; the server must stop after 1,000.
            for batch in 0..<11 {
                let n = batch == 10 ? 1 : 100
                try c.send(String(repeating: "GET /r HTTP/1.1\r\nHost: x\r\n\r\n", count: n))
            }
            for i in 1...1000 {
                let r = try #require(try c.readResponse(), "response \(i)")
                #expect(r.status == 200)
                if i < 1000 { #expect(r.header("Connection") == "keep-alive") }
                if i == 1000 { #expect(r.header("Connection") == "close") }
            }
            #expect(try c.isClosedByServer())
        }
    }

    @Test func theCapIsConfigurable() async throws {
        try await withServer(configure: { $0.maxRequestsPerConnection = 3 }) { port in
            let c = try RawClient(port: port)
            try c.send(String(repeating: "GET /r HTTP/1.1\r\nHost: x\r\n\r\n", count: 4))
            #expect(try c.readResponse()?.header("Connection") == "keep-alive")
            #expect(try c.readResponse()?.header("Connection") == "keep-alive")
            #expect(try c.readResponse()?.header("Connection") == "close")
            #expect(try c.isClosedByServer())
        }
    }

    static func big(_ size: Int) -> ClosureResponder {
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        return ClosureResponder { _, _ in HTTPResponse(status: .ok, body: body) }
    }

    @Test func aClientThatStopsReadingIsClosedAtTheWriteTimeoutAndOthersAreServed() async throws {
        let size = 16 << 20
        try await withServer(configure: { $0.writeTimeout = .milliseconds(300) }, responder: Self.big(size)) { port in
            let stuck = try RawClient(port: port, receiveBuffer: 4096)
            try stuck.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            // Meanwhile another client is served in full.
            let other = try RawClient(port: port)
            try other.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try other.readResponse()?.body.count == size)
            // Long past the write timeout, the stuck client finds a cut-off stream.
            usleep(1_500_000)
            var received = 0
            while true {
                let chunk = try stuck.readSome(max: 1 << 20)
                if chunk.isEmpty { break }
                received += chunk.count
            }
            #expect(received < size)
        }
    }

    @Test func aSlowButSteadyReaderGetsTheWholeBodyPastTheWriteTimeout() async throws {
        let size = 2 << 20
        let expected = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try await withServer(configure: { $0.writeTimeout = .seconds(1) }, responder: Self.big(size)) { port in
            let c = try RawClient(port: port, receiveBuffer: 4096)
            try c.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            var bytes: [UInt8] = []
            var end: Int?
            let start = ContinuousClock.now
            while true {
                let chunk = try c.readSome(max: 8192)
                if chunk.isEmpty { break }
                bytes += chunk
                if end == nil { end = Self.headEnd(bytes) }
                if let end, bytes.count - end >= size { break }
                usleep(4_000)   // ~2 s in all: longer than the write timeout, never stuck for it
            }
            let head = try #require(end)
            #expect(ContinuousClock.now - start > .seconds(1))
            #expect(Array(bytes[head...]) == expected)
        }
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}
