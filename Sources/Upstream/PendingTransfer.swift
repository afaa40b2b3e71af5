/// What a caller hands the loop thread: plain Swift values and the continuation to resume.
/// The easy handle is made from it on the loop thread, so no C handle ever crosses threads.
struct PendingTransfer: Sendable {
    typealias Completion = CheckedContinuation<Result<CompletedTransfer, UpstreamError>, Never>

    let id: UInt64
    let request: UpstreamRequest
    let target: UpstreamTarget
    let completion: Completion

    func finish(_ result: Result<CompletedTransfer, UpstreamError>) {
        completion.resume(returning: result)
    }

    func fail(_ kind: UpstreamError.Kind) {
        finish(.failure(UpstreamError(kind, method: request.method, host: target.host, path: target.path)))
    }
}

/// What the curl thread hands back: the status and the bytes, nothing parsed, so the
/// caller's thread (not the one thread every transfer shares) turns it into a response.
struct CompletedTransfer: Sendable {
    var status: Int
    var head: ResponseHead
    var body: [UInt8]

    var response: UpstreamResponse {
        UpstreamResponse(status: status, headers: head.fields(), body: body)
    }
}
