/// The libcurl-backed `UpstreamTransport`. One client is one connection pool: share it
/// between every adapter that talks to the same vendors. All transfers run on one curl
/// thread through the multi interface, so thousands can be in flight without a thread each —
/// except on threads that host a `CurlLoopDriver` of this client (an HTTP event loop), where
/// requests run on that thread's own multi handle.
public final class CurlClient: UpstreamTransport {
    public let configuration: CurlClientConfiguration
    private let loop: CurlMultiLoop
    private let drivers = CurlDriverRegistration()
    private let targets = UpstreamTargetCache()

    public init(configuration: CurlClientConfiguration = CurlClientConfiguration()) {
        self.configuration = configuration
        loop = CurlMultiLoop(configuration: configuration)
    }

    deinit {
        loop.stop()
    }

    /// The client's curl thread as a task executor. Requests from a task that prefers it
    /// (`withTaskExecutorPreference(client.executor)`, `Task(executorPreference:)`) cost no
    /// thread hand-off: they are picked up and resumed on the thread that runs the transfers.
    /// For callers that do little work per response (relays, benchmarks): whatever such a
    /// task computes delays every other transfer of this client.
    public var executor: any TaskExecutor { loop }

    /// Makes the calling thread, an event loop, run this client's requests sent from it (see
    /// `CurlLoopDriver`). Call on that thread; the loop keeps the driver and shuts it down when
    /// it ends.
    public func attachDriver(to host: CurlLoopDriver.Host) -> CurlLoopDriver {
        CurlLoopDriver(host: host, configuration: configuration, registration: drivers)
    }

    /// How many requests ran on an event loop's own driver rather than the curl thread.
    public var transfersOnLoops: Int { drivers.transfersOnLoops }

    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let target = try targets.target(for: request.url, method: request.method)
        try RequestValidation.check(request, target: target, maxHeaderBytes: configuration.maxRequestHeaderBytes)
        let id = loop.makeID()
        let loop = self.loop
        if let driver = drivers.current, driver.isUsableHere {
            return try await driver.send(request, target: target, id: id, fallback: loop).get().response
        }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (completion: PendingTransfer.Completion) in
                loop.submit(PendingTransfer(id: id, request: request, target: target, completion: completion))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try result.get().response
    }
}
