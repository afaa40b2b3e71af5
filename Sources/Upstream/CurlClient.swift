/// The libcurl-backed `UpstreamTransport`. One client is one connection pool: share it
/// between every adapter that talks to the same vendors. All transfers run on one curl
/// thread through the multi interface, so thousands can be in flight without a thread each.
public final class CurlClient: UpstreamTransport {
    public let configuration: CurlClientConfiguration
    private let loop: CurlMultiLoop

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

    public func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        let target = try UpstreamTarget.parse(request.url, method: request.method)
        try RequestValidation.check(request, target: target, maxHeaderBytes: configuration.maxRequestHeaderBytes)
        let id = loop.makeID()
        let loop = self.loop
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
