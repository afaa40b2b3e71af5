/// What a caller hands the loop thread: plain Swift values and the continuation to resume.
/// The easy handle is made from it on the loop thread, so no C handle ever crosses threads.
struct PendingTransfer: Sendable {
    typealias Completion = CheckedContinuation<Result<UpstreamResponse, UpstreamError>, Never>

    let id: UInt64
    let request: UpstreamRequest
    let target: UpstreamTarget
    let completion: Completion

    func finish(_ result: Result<UpstreamResponse, UpstreamError>) {
        completion.resume(returning: result)
    }

    func fail(_ kind: UpstreamError.Kind) {
        finish(.failure(UpstreamError(kind, method: request.method, host: target.host, path: target.path)))
    }
}
