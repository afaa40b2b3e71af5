import Testing
import Synchronization
@testable import HTTPServer

/// A gate a handler waits on until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>], arrived: Int)>((false, [], 0))
    private let arrivals: AsyncStream<Void>
    private let arrival: AsyncStream<Void>.Continuation

    init() { (arrivals, arrival) = AsyncStream.makeStream() }

    func wait() async {
        arrival.yield()
        await withCheckedContinuation { c in
            let now = state.withLock { s -> Bool in
                if s.open { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Returns once a handler is waiting at the gate.
    func firstArrival() async {
        var it = arrivals.makeAsyncIterator()
        _ = await it.next()
    }

    func open() {
        let waiters = state.withLock { s in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }
}

@Suite struct ShutdownTests {
    @Test func shutdownFinishesTheInFlightRequestAndClosesIdleOnes() async throws {
        let gate = Gate()
        let server = try startServer(responder: ClosureResponder { request, _ in
            if request.target == "/slow" { await gate.wait() }
            return .text("done")
        })
        let port = server.port
        let idle = try RawClient(port: port)
        let busy = try RawClient(port: port)
        try await offThread {
            try idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try idle.readResponse()
            try busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        await gate.firstArrival()
        let stopping = Task { await server.shutdown() }
        // The idle keep-alive connection is closed by the shutdown...
        #expect(try await offThread { try idle.isClosedByServer() })
        // ...and new connections are refused once listeners are closed.
        #expect(throws: (any Error).self) { _ = try RawClient(port: port) }
        gate.open()
        try await offThread {
            let r = try #require(try busy.readResponse())
            #expect(r.status == 200)
            #expect(r.bodyText == "done")
            #expect(r.header("Connection") == "close")
            #expect(try busy.isClosedByServer())
        }
        await stopping.value
    }
}
