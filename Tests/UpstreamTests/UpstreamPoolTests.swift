import Foundation
import Testing
@testable import Upstream

/// Connection reuse, the pool limits and many transfers in flight on the one curl thread.
@Suite(.timeLimit(.minutes(2))) struct CurlClientPoolTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try RawTestServer { request in .respond(status: 200, body: Array(request.target.utf8)) }
        defer { server.stop() }
        let client = CurlClient()
        for i in 0..<25 {
            let response = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/r/\(i)"))
            #expect(response.body == Array("/r/\(i)".utf8))
        }
        #expect(server.acceptedConnections == 1)
    }

    @Test func theHostLimitCapsConnectionsUnderLoad() async throws {
        let server = try RawTestServer { _ in .after(.milliseconds(20), .respond(status: 200)) }
        defer { server.stop() }
        let client = CurlClient(configuration: CurlClientConfiguration(maxConnectionsPerHost: 2))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<30 {
                group.addTask { try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/")).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 30))
        #expect(server.acceptedConnections <= 2)
    }

    /// The server answers nobody until all 500 requests are inside it, so this passes only if
    /// the client really has 500 transfers in flight at once.
    @Test func fiveHundredInFlightFinishTogether() async throws {
        let parties = 500
        let barrier = Barrier(parties: parties, patience: 20)
        let server = try RawTestServer { request in
            barrier.arriveAndWait() ? .respond(status: 200, body: Array(request.target.utf8)) : .respond(status: 504)
        }
        defer { server.stop() }
        var configuration = CurlClientConfiguration(maxConnectionsPerHost: parties + 10, maxTotalConnections: parties + 10)
        configuration.maxIdleConnections = parties
        let client = CurlClient(configuration: configuration)
        let start = ContinuousClock.now
        let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for i in 0..<parties {
                group.addTask {
                    let r = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/n/\(i)",
                                                                   connectTimeout: .seconds(30), timeout: .seconds(90)))
                    #expect(r.status == 200)
                    return (i, r.body)
                }
            }
            return try await group.reduce(into: [Int: [UInt8]]()) { $0[$1.0] = $1.1 }
        }
        let elapsed = ContinuousClock.now - start
        #expect(bodies.count == parties)
        #expect(bodies.allSatisfy { $0.value == Array("/n/\($0.key)".utf8) }, "each caller got its own answer")
        #expect(server.acceptedConnections == parties)
        print("500 concurrent requests through the barrier: \(elapsed)")
    }

    @Test func aLargeBodyArrivesIntact() async throws {
        let size = 8 << 20
        // A prime-length pattern, so a chunk lost or repeated anywhere shows as a mismatch.
        let block = (0..<65_521).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        var pattern: [UInt8] = []
        pattern.reserveCapacity(size + block.count)
        while pattern.count < size { pattern.append(contentsOf: block) }
        pattern.removeLast(pattern.count - size)
        let body = pattern
        let server = try RawTestServer { _ in .respond(status: 200, headers: [("Content-Type", "application/octet-stream")], body: body) }
        defer { server.stop() }
        let start = ContinuousClock.now
        let response = try await CurlClient().send(UpstreamRequest(url: "http://127.0.0.1:\(server.port)/big", timeout: .seconds(60)))
        print("8 MiB body in \(ContinuousClock.now - start)")
        #expect(response.status == 200)
        #expect(response.body.count == size)
        #expect(Data(response.body) == Data(body))  // memcmp: debug-mode Array == is slow at 8 MiB
    }
}
