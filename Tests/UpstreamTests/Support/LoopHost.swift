import EventLoopCurl
import HTTPServer
import Synchronization
import Testing
@testable import Upstream

/// Runs a request the way the gateway's handlers make it: from a task on an HTTP event loop
/// that hosts the client's transfers (`CurlLoopExtension`), not through the curl thread.
enum LoopHost {
    static func run<T: Sendable>(_ client: CurlClient, _ body: @escaping @Sendable () async -> T) async throws -> T {
        let handle = Mutex<EventLoopHandle?>(nil)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        configuration.shutdownGrace = .milliseconds(100)
        let server = HTTPServer(configuration: configuration, responder: ClosureResponder { _, _ in HTTPResponse(status: .notFound) },
                                loopSetup: CurlLoopExtension.loopSetup(for: client, attached: { loop in handle.withLock { $0 = loop } }))
        try server.start()
        var loop: EventLoopHandle?
        while loop == nil {
            loop = handle.withLock { $0 }
            if loop == nil { try await Task.sleep(for: .milliseconds(1)) }
        }
        let result = await Task(executorPreference: loop!.executor) { await body() }.value
        await server.shutdown()
        return result
    }
}

extension CurlClient {
    /// The error a request ends in through the curl thread, after checking that the same
    /// request made from an event loop (see `LoopHost`) ends in the same error.
    func failureBothWays(_ request: UpstreamRequest) async -> UpstreamError? {
        let direct = await failure(request)
        let before = transfersOnLoops
        do {
            let onLoop = try await LoopHost.run(self) { await self.failure(request) }
            #expect(onLoop?.kind == direct?.kind, "from an event loop: \(String(describing: onLoop?.kind))")
            // Refused before any transfer (bad URL, bad header): nothing to run on the loop.
            let refusedEarly = direct.map { if case .other = $0.kind { true } else { $0.kind == .invalidURL } } ?? false
            #expect(refusedEarly || transfersOnLoops == before + 1)
        } catch {
            Issue.record("no event loop to run the request on: \(error)")
        }
        return direct
    }
}
