import Foundation
import HTTPServer
import Testing
@testable import Upstream

/// Connection reuse, the pool limits and many transfers in flight on the one curl thread.
@Suite(.timeLimit(.minutes(2))) struct CurlClientPoolTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        let client = CurlClient()
        try await UpstreamTestServer.with({ .text($0.target) }) { server in
            for i in 0..<25 {
                let response = try await client.send(UpstreamRequest(url: "\(server.baseURL)/r/\(i)"))
                #expect(response.body == Array("/r/\(i)".utf8))
            }
            #expect(server.connectionCount == 1)
        }
    }

    @Test func theHostLimitCapsConnectionsUnderLoad() async throws {
        let client = CurlClient(configuration: CurlClientConfiguration(maxConnectionsPerHost: 2))
        try await UpstreamTestServer.with({ _ in
            try? await Task.sleep(for: .milliseconds(20))
            return .text("ok")
        }) { server in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<30 {
                    group.addTask { try await client.send(UpstreamRequest(url: "\(server.baseURL)/")).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 30))
            #expect(server.connectionCount <= 2)
        }
    }

    /// The server answers nobody until all 500 requests are inside it, so this finishes only
    /// if the client really has 500 transfers in flight at once (else the time limit fails it).
    @Test func fiveHundredInFlightFinishTogether() async throws {
        let parties = 500
        let barrier = AsyncBarrier(parties: parties)
        var configuration = CurlClientConfiguration(maxConnectionsPerHost: parties + 10, maxTotalConnections: parties + 10)
        configuration.maxIdleConnections = parties
        let client = CurlClient(configuration: configuration)
        try await UpstreamTestServer.with({ request in
            await barrier.arrive()
            return .text(request.target)
        }) { server in
            let start = ContinuousClock.now
            let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
                for i in 0..<parties {
                    group.addTask {
                        let r = try await client.send(UpstreamRequest(url: "\(server.baseURL)/n/\(i)",
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
            #expect(server.connectionCount == parties)
            print("500 concurrent requests through the barrier: \(elapsed)")
        }
    }

    /// With a fixed 300 ms answer time, 200 requests take about one answer time, not 200.
    @Test func concurrentRequestsOverlapTheirLatency() async throws {
        let latency = Duration.milliseconds(300)
        var configuration = CurlClientConfiguration(maxConnectionsPerHost: 256, maxTotalConnections: 256)
        configuration.maxIdleConnections = 256
        let client = CurlClient(configuration: configuration)
        try await UpstreamTestServer.with({ _ in
            try? await Task.sleep(for: latency)
            return .text("ok")
        }) { server in
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<200 {
                    group.addTask { _ = try await client.send(UpstreamRequest(url: server.baseURL + "/", timeout: .seconds(60))) }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= latency)
            // Serial would be 60 s; the slack is for a full parallel test run on 2 loaded cores.
            #expect(elapsed < latency * 100, "serial would be 60 s")
            print("200 requests at 300 ms latency: \(elapsed)")
        }
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
        let response = try await UpstreamTestServer.with({ _ in
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: body)
        }) { server in
            try await CurlClient().send(UpstreamRequest(url: "\(server.baseURL)/big", timeout: .seconds(60)))
        }
        #expect(response.status == 200)
        #expect(response.body.count == size)
        #expect(Data(response.body) == Data(body))  // memcmp: debug-mode Array == is slow at 8 MiB
    }
}
