import EventLoopCurl
import Glibc
import HTTPServer
import Synchronization
import Testing
import Upstream

/// Vendor calls made from a handler on an HTTP event loop run on that loop's own multi handle
/// (`CurlLoopExtension` + `CurlLoopDriver`): real servers on loopback, real libcurl.
@Suite(.timeLimit(.minutes(2))) struct LoopHostedVendorCallsTests {
    /// A vendor stand-in: echoes the path, or holds `/hang` until the test ends.
    final class Vendor: Sendable {
        let server: HTTPServer
        let port: Int
        let hanging = HangLog()

        final class HangLog: Sendable {
            private let paths = Mutex<[String]>([])
            func add(_ path: String) { paths.withLock { $0.append(path) } }
            var count: Int { paths.withLock { $0.count } }
        }

        init() throws {
            var configuration = HTTPServerConfiguration()
            configuration.port = 0
            configuration.loopCount = 1
            configuration.shutdownGrace = .milliseconds(100)
            let hanging = self.hanging
            server = HTTPServer(configuration: configuration, responder: ClosureResponder { request, _ in
                if request.path.hasPrefix("/hang") {
                    hanging.add(String(request.path))
                    try? await Task.sleep(for: .seconds(20))
                }
                return .json(Array(request.path.utf8))
            })
            port = try server.start()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        func waitUntilHanging(_ count: Int) async {
            while hanging.count < count { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// The gateway's side: a server whose handlers call the vendor through `client`, on loops
    /// that host the client's drivers.
    static func front(client: CurlClient, loops: Int, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) throws -> (HTTPServer, Int) {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.loopCount = loops
        configuration.shutdownGrace = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: ClosureResponder { request, _ in await handler(request) },
                                loopSetup: CurlLoopExtension.loopSetup(for: client))
        return (server, try server.start())
    }

    static func describe(_ result: Result<UpstreamResponse, UpstreamError>) -> HTTPResponse {
        switch result {
        case .success(let r): .json(r.body, status: HTTPStatus(r.status))
        case .failure(let e): .text(e.kindName, status: HTTPStatus(599))
        }
    }

    static func call(_ client: CurlClient, _ url: String, timeout: Duration = .seconds(30)) async -> Result<UpstreamResponse, UpstreamError> {
        do throws(UpstreamError) { return .success(try await client.send(UpstreamRequest(url: url, timeout: timeout))) }
        catch { return .failure(error) }
    }

    @Test func sequentialAndConcurrentCallsRunOnTheLoopsAndAnswerRight() async throws {
        let vendor = try Vendor()
        let upstream = CurlClient()
        let (front, port) = try Self.front(client: upstream, loops: 2) { request in
            Self.describe(await Self.call(upstream, vendor.url + request.path))
        }
        let client = CurlClient()
        for i in 0..<30 {
            let r = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(port)/s/\(i)"))
            #expect(r.status == 200)
            #expect(r.body == Array("/s/\(i)".utf8))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<60 {
                group.addTask {
                    let r = try await client.send(UpstreamRequest(url: "http://127.0.0.1:\(port)/c/\(i)"))
                    #expect(r.status == 200)
                    #expect(r.body == Array("/c/\(i)".utf8))
                }
            }
            try await group.waitForAll()
        }
        #expect(upstream.transfersOnLoops == 90)
        // The test's own requests come from ordinary tasks: they go through the curl thread.
        #expect(client.transfersOnLoops == 0)
        await front.shutdown()
        await vendor.server.shutdown()
    }

    @Test func theDeadlineCutsAHangingVendorOnTheLoop() async throws {
        let vendor = try Vendor()
        let upstream = CurlClient()
        let (front, port) = try Self.front(client: upstream, loops: 1) { request in
            let start = ContinuousClock.now
            let result = await Self.call(upstream, vendor.url + "/hang" + request.path, timeout: .milliseconds(300))
            let elapsed = ContinuousClock.now - start
            return elapsed < .seconds(10) ? Self.describe(result) : .text("late", status: HTTPStatus(500))
        }
        let r = try await CurlClient().send(UpstreamRequest(url: "http://127.0.0.1:\(port)/t"))
        #expect(r.status == 599)
        #expect(r.body == Array("timeout".utf8))
        #expect(upstream.transfersOnLoops == 1)
        await front.shutdown()
        await vendor.server.shutdown()
    }

    /// A vendor call is on the wire when the job that makes it ends: the loop need not come
    /// round first. The handler starts the call in a child task on the same loop, lets it run,
    /// then holds the loop's thread without awaiting: the vendor can see the request only if
    /// it was already written.
    @Test func aCallLeavesBeforeTheLoopTurns() async throws {
        let vendor = try Vendor()
        let upstream = CurlClient()
        let (front, port) = try Self.front(client: upstream, loops: 1) { _ in
            // A kept-alive connection first, so the second call needs no connect.
            guard case .success = await Self.call(upstream, vendor.url + "/warm") else { return .text("no warm-up", status: .ok) }
            return await withTaskGroup(of: Result<UpstreamResponse, UpstreamError>.self) { group in
                group.addTask { await Self.call(upstream, vendor.url + "/hang/now") }
                await Task.yield()  // the child runs first: it starts its transfer and waits
                let until = ContinuousClock.now + .seconds(3)
                while vendor.hanging.count < 1, ContinuousClock.now < until { usleep(1_000) }
                let arrived = vendor.hanging.count == 1
                group.cancelAll()
                _ = await group.next()
                return .text(arrived ? "sent" : "not sent", status: .ok)
            }
        }
        let r = try await CurlClient().send(UpstreamRequest(url: "http://127.0.0.1:\(port)/x"))
        #expect(String(decoding: r.body, as: UTF8.self) == "sent")
        #expect(upstream.transfersOnLoops == 2)
        await front.shutdown()
        await vendor.server.shutdown()
    }

    @Test func cancellingACallOnTheLoopEndsIt() async throws {
        let vendor = try Vendor()
        let upstream = CurlClient()
        let (front, port) = try Self.front(client: upstream, loops: 1) { _ in
            // A child task inherits the handler's loop, so the call runs on the loop's driver.
            await withTaskGroup(of: Result<UpstreamResponse, UpstreamError>.self) { group in
                group.addTask { await Self.call(upstream, vendor.url + "/hang/cancel") }
                await vendor.waitUntilHanging(1)
                group.cancelAll()
                return Self.describe(await group.next()!)
            }
        }
        let r = try await CurlClient().send(UpstreamRequest(url: "http://127.0.0.1:\(port)/x"))
        #expect(r.status == 599)
        #expect(r.body == Array("cancelled".utf8))
        #expect(upstream.transfersOnLoops == 1)
        await front.shutdown()
        await vendor.server.shutdown()
    }

    /// Shutting the server down with a vendor call in flight on a loop ends the call (as
    /// cancelled) instead of waiting for the vendor.
    @Test func shutdownEndsACallInFlightOnTheLoop() async throws {
        let vendor = try Vendor()
        let upstream = CurlClient()
        let outcome = Mutex<String?>(nil)
        let (front, port) = try Self.front(client: upstream, loops: 1) { _ in
            let result = await Self.call(upstream, vendor.url + "/hang/shutdown")
            if case .failure(let e) = result { outcome.withLock { $0 = e.kindName } }
            return Self.describe(result)
        }
        let request = Task { try? await CurlClient().send(UpstreamRequest(url: "http://127.0.0.1:\(port)/y")) }
        await vendor.waitUntilHanging(1)
        let start = ContinuousClock.now
        await front.shutdown()
        #expect(ContinuousClock.now - start < .seconds(10))
        _ = await request.value
        #expect(outcome.withLock { $0 } == "cancelled")
        await vendor.server.shutdown()
    }
}
